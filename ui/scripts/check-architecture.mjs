#!/usr/bin/env node
// Checks the UI's two architecture invariants (ARCHITECTURE.md, `ui/`):
//
// 1. Only `src/features/<area>/api/*.ts` may import `@tauri-apps/api` (which is where `invoke` and
//    `listen` come from), so every call across IPC goes through one feature's API layer.
// 2. A feature never imports another feature: `src/features/a/**` must not import
//    `src/features/b/**`. Shared code lives in `src/components`, `src/lib` and `src/app`, and the
//    app layer composes the features.
//
// Imports are read with the TypeScript parser (static imports, re-exports, dynamic `import()` and
// `require`), relative paths and the `@/` alias are resolved, and each violation is printed with
// its file and line. Exits 1 on any violation.
//
// Usage: node scripts/check-architecture.mjs [root]   (root defaults to this package's folder)

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs'];

/** The import specifiers a file uses, with their 1-based lines. */
export function importsOf(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (literal) =>
    found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) add(expression);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `src/features/<area>/...` → `<area>`, else null. Paths are relative to the package, with `/`. */
function featureOf(relativePath) {
  const match = /^src\/features\/([^/]+)\//.exec(relativePath);
  return match ? match[1] : null;
}

function isFeatureApiFile(relativePath) {
  return /^src\/features\/[^/]+\/api\/[^/]+$/.test(relativePath);
}

function isTauriApi(specifier) {
  return specifier === '@tauri-apps/api' || specifier.startsWith('@tauri-apps/api/');
}

/** Where an import points inside the package (relative, with `/`), or null for a package import. */
function resolveInPackage(specifier, fromRelativePath) {
  if (specifier.startsWith('@/')) return path.posix.normalize(`src/${specifier.slice(2)}`);
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    return path.posix.normalize(path.posix.join(path.posix.dirname(fromRelativePath), specifier));
  }
  return null;
}

/** The violations in one file. `relativePath` is relative to the package root, with `/`. */
export function checkFile(relativePath, text) {
  const violations = [];
  const ownFeature = featureOf(relativePath);
  for (const { specifier, line } of importsOf(relativePath, text)) {
    if (isTauriApi(specifier) && !isFeatureApiFile(relativePath)) {
      violations.push({
        file: relativePath,
        line,
        rule: 'ipc-only-in-feature-api',
        message: `imports ${specifier}: only src/features/<area>/api/* may call invoke or listen`,
      });
    }
    const target = resolveInPackage(specifier, relativePath);
    const targetFeature = target === null ? null : featureOf(`${target}/`);
    if (ownFeature !== null && targetFeature !== null && targetFeature !== ownFeature) {
      violations.push({
        file: relativePath,
        line,
        rule: 'no-cross-feature-imports',
        message: `feature "${ownFeature}" imports feature "${targetFeature}" (${specifier}): move shared code to src/components or src/lib, or compose in src/app`,
      });
    }
  }
  return violations;
}

function sourceFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory)) {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (SOURCE_EXTENSIONS.some((extension) => entry.endsWith(extension))) files.push(full);
  }
  return files;
}

/** Every violation under `<root>/src`. */
export function checkPackage(root) {
  const violations = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const relativePath = path.relative(root, file).split(path.sep).join('/');
    violations.push(...checkFile(relativePath, readFileSync(file, 'utf8')));
  }
  return violations;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkPackage(root);
  for (const violation of violations) {
    console.error(`${violation.file}:${violation.line}: [${violation.rule}] ${violation.message}`);
  }
  if (violations.length > 0) {
    console.error(`\n${violations.length} architecture violation(s). See ARCHITECTURE.md (ui/).`);
    process.exit(1);
  }
  console.log('architecture: ok (IPC only in features/*/api, no cross-feature imports)');
}
