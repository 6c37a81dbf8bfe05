/**
 * @mana/replay: the portable recording (export verb and its CLI, `recording/`), the replay engine
 * (`engine/`) and the stored replay runs (`store/`, `routes/`). Each part adds its exports here.
 */
export {};
