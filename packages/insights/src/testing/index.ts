export { writeTestHistory, todoNotesDay } from './test-history';
export type { TestCall, TestDay, TestHistoryOptions, TodoNotesShape } from './test-history';
