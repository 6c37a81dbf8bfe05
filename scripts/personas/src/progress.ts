/** A one-line progress bar for a terminal; `tty` false means the caller prints plain lines instead. */
export interface Progress {
  tty: boolean;
  update(done: number): void;
  done(): void;
}

/** Redraws `[#####-----] done/total` on `stream` when it is a terminal; a no-op otherwise. */
export function createProgress(stream: NodeJS.WriteStream, total: number, width = 30): Progress {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  return {
    tty,
    update(done) {
      if (!tty) return;
      const filled = Math.round((done / Math.max(1, total)) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
