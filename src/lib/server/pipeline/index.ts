export { PipelineAnalyser } from './pipeline-analyser.ts';
export { analyseStages, type AnalysedStage } from './analyse.ts';
export { readStageInputs, type StageInput } from './stage-inputs.ts';
export { VerdictKeeper, ENTER_PRESSURE, EXIT_PRESSURE } from './verdict.ts';
export * from './flow-math.ts';
export { VerdictRecorder, VERDICT_MEASUREMENT, VERDICT_HEARTBEAT_S } from './verdict-recorder.ts';
