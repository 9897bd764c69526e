export { PIPELINE_ERRORS } from './errors.js';
export { eventFieldsFor, mappingsForRule, pipelineLogsourceFits } from './fits.js';
export { listPipelines, loadPipeline, type PipelineSummary } from './load.js';
export { packageRoot, pipelinesDirectory } from './package-root.js';
export { MAX_PIPELINE_BYTES, parsePipeline } from './parse.js';
