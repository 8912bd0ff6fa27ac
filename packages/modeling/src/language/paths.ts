/*
 * Import paths without node:path, so the language also reads files in a browser (from a project
 * held in memory). Paths use "/" ; a "\" in a Windows path counts as one too.
 */

function split(path: string): string[] {
  return path.split(/[/\\]/);
}

/** The folder of a file path, "" for a bare file name. */
export function directoryOf(file: string): string {
  const parts = split(file);
  parts.pop();
  return parts.join('/');
}

/** Resolves `relative` against the folder `from`, folding "." and ".." where it can. */
export function joinPath(from: string, relative: string): string {
  const absolute = relative.startsWith('/') || /^[A-Za-z]:[/\\]/.test(relative);
  const parts = absolute || from === '' ? split(relative) : [...split(from), ...split(relative)];
  const rooted = parts[0] === '' && parts.length > 1;
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && rooted) continue;
    else out.push(part);
  }
  return (rooted ? '/' : '') + out.join('/');
}
