/**
 * mipnet — train neural networks exactly as mixed-integer linear programs, and solve MILPs with a
 * TypeScript branch-and-bound over HiGHS LP relaxations.
 */
// errors
export { MipnetError, ParseError, ModelError, OptionError, LpBackendError, PluginLoadError } from './errors.js';

// models and files
export { Model, type ObjectiveSense, type RowMatrix } from './model/model.js';
export { ModelBuilder, type ColumnSpec, type RowSpec } from './model/model-builder.js';
export { ColumnKind, COLUMN_KIND_NAMES, type ColumnTag } from './model/column-tag.js';
export type { NetworkStructure, LayerStructure, NeuronStructure } from './model/structure.js';
export { readMps, type ReadMpsOptions, type MpsFormat } from './io/mps-reader.js';
export { writeMps, type WriteMpsOptions } from './io/mps-writer.js';
export { readLp, type ReadLpOptions } from './io/lp-reader.js';
export { writeLp, type WriteLpOptions } from './io/lp-writer.js';
export { readModelFile, writeModelFile } from './io/model-file.js';

// solving
export { solve } from './solve.js';
export { solveModel } from './bnb/solve.js';
export { solveParallel, ParallelSolver, type ParallelSolveResult } from './parallel/solve-parallel.js';
export type { SolveOptions, SolveResult, SolveStatus, SolveProgress, PluginStats } from './bnb/solve-types.js';
export { formatSolveResult, solveResultToJson } from './solve-report.js';
export { solveLpText, type HighsCompatOptions, type HighsCompatSolution } from './api/highs-compat.js';
export { solveWithHighsMip } from './lp/highs-mip-reference.js';

// LP backend
export type { LpSolver, LpSolverFactory, LpOutcome, LpStatus, LpLimits, LpBasis, LpStats } from './lp/lp-solver.js';
export { HighsLpSolver, createHighsLpSolver, highsLpFactory } from './lp/highs-lp.js';
export { ScriptedLpSolver } from './lp/mock-lp.js';
export { getHighs } from './lp/highs-loader.js';

// plugins
export * from './plugins.js';

// data and networks
export type { Dataset } from './data/dataset.js';
export { loadDataset } from './data/load-dataset.js';
export { parseCsv, loadCsv, type CsvOptions } from './data/csv.js';
export { fitScaling, applyScaling, type ScalingKind } from './data/scaling.js';
export { stratifiedSplit, stratifiedSubsample } from './data/split.js';
export { BUNDLED_DATASETS } from './data/bundled.js';
export { train, type TrainResult } from './nn/train.js';
export type { TrainOptions, SparsityOptions } from './nn/train-options.js';
export { buildTrainingModel } from './nn/training-model.js';
export { registerLayerType, unregisterLayerType, layerTypeNames, type LayerType, type LayerJson, type LayerSpec } from './nn/layer-registry.js';
export type { TrainableLayer } from './nn/layer.js';
export { formatCertificate, type Certificate } from './nn/certificate.js';
export { certificateFile, certificateJson, formatProof, type CertificateFile, type CertificateClaim, type TrainingProof } from './nn/certificate-file.js';
export { checkCertificate, parseCertificateFile, type CheckResult, type CheckedItem } from './nn/check-certificate.js';
export { forward, predict, type NetworkJson, type NetworkLayer, type DenseLayerJson } from './nn/network.js';
export { loadNetwork, saveNetwork, parseNetwork, validateNetwork } from './nn/network-io.js';
export { accuracy, confusionMatrix, type ConfusionMatrix } from './nn/metrics.js';
export { verifyRobustness, buildVerificationModel, type VerificationOptions, type VerificationResult } from './nn/verify.js';

// instance generators (benchmarks, tests)
export { generators, generate, correctnessSuite, mulberry32, type SuiteInstance } from './gen/index.js';
