// Appends text to the history file with as few system calls as possible: the folder is made
// once, the file is opened once and the handle reused. After a failed write the handle is
// dropped and the folder made again on the next write, so a deleted folder or a closed handle
// heals by itself. Before the file is replaced (compaction renames a new file over it) the
// handle must be released with close(): the next append then opens the new file.
import path from 'node:path';
import type { HistoryAppendHandle, HistoryFs } from './history-fs.js';

export class HistoryAppender {
  private dirReady = false;
  private handle: HistoryAppendHandle | undefined;

  constructor(
    private readonly fs: HistoryFs,
    readonly file: string,
  ) {}

  /** Makes the file's folder, once until a write fails. */
  async ensureDir(): Promise<void> {
    if (this.dirReady) return;
    await this.fs.ensureDir(path.dirname(this.file));
    this.dirReady = true;
  }

  /** Appends `text` in one write; callers run one append at a time. */
  async append(text: string): Promise<void> {
    try {
      await this.ensureDir();
      if (!this.fs.openAppend) {
        await this.fs.appendText(this.file, text);
        return;
      }
      this.handle ??= await this.fs.openAppend(this.file);
      await this.handle.append(text);
    } catch (error) {
      this.dirReady = false;
      await this.close();
      throw error;
    }
  }

  /** Releases the file (before it is renamed over, or at shutdown); never throws. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    // A close that fails leaves nothing for us to do: the writes before it were already made.
    await handle?.close().catch(() => undefined);
  }
}
