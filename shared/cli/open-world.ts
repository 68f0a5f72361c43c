import { stat } from 'node:fs/promises';
import { UsageError } from '../model/errors.js';
import type { WorldSession } from './world-session.js';

/**
 * Opens `--world FILE` with one clear line for the usual mistakes: no such file, a directory, a
 * file that cannot be read. The simulator is loaded only here, so real-AWS runs never load it; it
 * needs the development dependencies (its IAM evaluator is AGPL and never shipped), so an
 * installed package without them says so instead of failing on a missing module.
 */
export async function openWorldFile(file: string): Promise<WorldSession> {
  try {
    if ((await stat(file)).isDirectory())
      throw new UsageError(`cannot read world file ${file}: it is a directory`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read world file ${file}: ${(error as Error).message}`, { cause: error });
  }
  let session: typeof import('./world-session.js');
  try {
    session = await import('./world-session.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new UsageError(
      `--world needs the simulator's development dependencies (${(error as Error).message.split('\n')[0]}): run it from a checkout after npm ci`,
      { cause: error },
    );
  }
  try {
    return await session.openWorld(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT')
      throw new UsageError(`cannot read world file ${file}: ${(error as Error).message}`, { cause: error });
    throw error;
  }
}
