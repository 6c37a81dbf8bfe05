export { usePersonaTestBed } from './test-bed';
export { insertPersonas, insertPersonaPopulation } from './test-fixtures';
