/**
 * Test fixture (logger-stderr.test.ts): logs `LINES` numbered lines of ~1 KB to
 * stderr with the services' logger, then reports over IPC how many it wrote and
 * how many the logger dropped, and exits when told to, as the services stop (`exitAfterLogs`).
 */
import { createLogger, droppedLogLines, exitAfterLogs } from '../logger';

const lines = Number(process.env.LINES);
const log = createLogger('flood', { level: 'info', pretty: false });
const filler = 'x'.repeat(1_000);
for (let n = 0; n < lines; n++) log.info('flood', { n, filler });
process.send?.({ logged: lines, dropped: droppedLogLines() });
// As the services stop: the lines written, then exit.
process.on('message', () => void exitAfterLogs(0));
