export { simulate } from './simulate';
export type { SimulationSummary } from './simulate';
export type { SimulateOptions, SimulatorChange, StepReport } from './options';
export type { DayReport } from './history';
export { DAY_MS, STEP_MS } from './timeline';
export { createSimulationClock } from './clock';
export type { SimulationClock } from './clock';
