/**
 * Modules that register branch-and-bound plugins, imported by every worker thread: a worker only
 * knows the plugins registered in its own thread. Add the module of any plugin that must be usable
 * with threads > 1 here (e.g. the NN-specific propagators / branching rules).
 */
import '../bnb/builtin-plugins.js';
