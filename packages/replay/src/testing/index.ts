/** @mana/replay/testing: fixtures for tests of the replay runs (the admin routes, the dashboard's pages). */
export { regressedReplayResultFixture, replayResultFixture } from './replay-results';
