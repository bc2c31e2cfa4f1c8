import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { checkFile, checkPackage } from '../scripts/check-architecture.mjs';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(packageRoot, 'scripts', 'check-architecture.mjs');

describe('the architecture check', () => {
  it('passes on this package', () => {
    expect(checkPackage(packageRoot)).toEqual([]);
  });

  it('allows invoke and listen in a feature’s api folder', () => {
    const text = "import { invoke } from '@tauri-apps/api/core';\nimport { listen } from '@tauri-apps/api/event';";
    expect(checkFile('src/features/orgs/api/orgs.ts', text)).toEqual([]);
  });

  it.each([
    ['src/features/orgs/components/table.tsx', "import { invoke } from '@tauri-apps/api/core';"],
    ['src/features/orgs/hooks/use-x.ts', "import { listen } from '@tauri-apps/api/event';"],
    ['src/app/app.tsx', "import * as tauri from '@tauri-apps/api';"],
    ['src/lib/x.ts', "const core = await import('@tauri-apps/api/core');"],
    ['src/components/x.tsx', "export { invoke } from '@tauri-apps/api/core';"],
  ])('refuses IPC outside a feature api: %s', (file, text) => {
    expect(checkFile(file, text)).toMatchObject([{ rule: 'ipc-only-in-feature-api', line: 1 }]);
  });

  it.each([
    "import { x } from '@/features/changes/hooks/use-changes';",
    "import { x } from '../../changes/hooks/use-changes';",
    "import type { PendingChange } from '../../changes/types';",
    "export * from '@/features/changes';",
    "type T = import('@/features/changes/types').PendingChange;",
  ])('refuses a feature importing another: %s', (text) => {
    expect(checkFile('src/features/orgs/components/table.tsx', `\n${text}`)).toMatchObject([
      { rule: 'no-cross-feature-imports', line: 2 },
    ]);
  });

  it('allows a feature its own files, shared code, and the app layer every feature', () => {
    expect(
      checkFile(
        'src/features/orgs/components/table.tsx',
        "import { a } from '../hooks/use-overview';\nimport { b } from '@/features/orgs/types';\nimport { c } from '@/lib/errors';\nimport { d } from '@/components/page-header';",
      ),
    ).toEqual([]);
    expect(
      checkFile('src/app/routes/overview.tsx', "import { a } from '@/features/orgs/hooks/use-overview';\nimport { b } from '@/features/changes/components/x';"),
    ).toEqual([]);
  });

  describe('as a command', () => {
    let root: string | null = null;
    afterEach(() => {
      if (root) rmSync(root, { recursive: true, force: true });
      root = null;
    });

    it('exits 1 and names the file and line of a violation', () => {
      root = mkdtempSync(path.join(tmpdir(), 'ssodesk-arch-'));
      mkdirSync(path.join(root, 'src/features/a/components'), { recursive: true });
      mkdirSync(path.join(root, 'src/features/b'), { recursive: true });
      writeFileSync(path.join(root, 'src/features/b/types.ts'), 'export type B = 1;\n');
      writeFileSync(
        path.join(root, 'src/features/a/components/x.tsx'),
        "import type { B } from '../../b/types';\nimport { invoke } from '@tauri-apps/api/core';\nexport const x: B = 1; void invoke;\n",
      );
      const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('src/features/a/components/x.tsx:1: [no-cross-feature-imports]');
      expect(result.stderr).toContain('src/features/a/components/x.tsx:2: [ipc-only-in-feature-api]');
    });
  });
});
