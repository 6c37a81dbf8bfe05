// Moved to @mana/core (shared with `npm run report`); kept until run-replay.ts imports it from there.
export { outFileProblem, writeWhole } from '@mana/core';
