/** The ransomware simulator: the sentinel's test tool. It only ever works in directories made for it. */
export { SIMULATION_ERRORS } from './errors.js';
export { prepareTarget, checkTarget, parseMarker, MARKER_FILE, KEY_FILE, JOURNAL_FILE } from './marker.js';
export { VARIANTS, type Variant } from './journal.js';
export { runSimulation, type SimulationOptions, type SimulationResult } from './run.js';
export { restoreTarget, type RestoreResult } from './restore.js';
export { simulationTimeline, type SimulationTimeline } from './timeline.js';
export { simulationCommand, spawnSimulation } from './spawn.js';
export { NOTE_NAME } from './notes.js';
export { COPY_EXTENSION, RENAME_EXTENSION, type WalkOrder } from './walk.js';
export { processState } from './process-start.js';
export { generateCorpus, type CorpusFile } from './corpus.js';
export {
  BENIGN_NAMES,
  BENIGN_WORKLOADS,
  benignContext,
  runBenign,
  runBenignProcess,
  type BenignWorkload,
  type WorkloadContext,
  type WorkloadResult,
} from './benign.js';
