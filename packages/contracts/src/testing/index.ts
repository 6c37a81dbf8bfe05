export { rawDayRecord, RECORD_TEST_AT } from './day-record';
