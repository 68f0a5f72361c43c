import { main, type Output } from '../../shared/cli/main.js';

/** Runs the CLI in-process, capturing stdout and stderr as a pipe would. */
export async function runCli(
  args: readonly string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out: Output = {
    isTTY: false,
    write: (text: string) => {
      stdout += text;
      return true;
    },
  };
  const err: Output = {
    write: (text: string) => {
      stderr += text;
      return true;
    },
  };
  const status = await main(args, out, err);
  return { status, stdout, stderr };
}
