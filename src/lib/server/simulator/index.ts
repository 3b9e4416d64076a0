export { runSimulation, type Simulation, type SimulationOptions } from './run.ts';
export { FlowModel, type FlowTick, type ComponentFlow, type FlowTotals } from './flow-model.ts';
export { emitLines } from './emit-lines.ts';
export { loadScenario, parseScenario, arrivalsAt, ScenarioError, type Scenario } from './scenario.ts';
export { seededRandom } from './random.ts';
