export interface Violation {
  file: string;
  line: number;
  rule: 'ipc-only-in-feature-api' | 'no-cross-feature-imports';
  message: string;
}
export function importsOf(fileName: string, text: string): { specifier: string; line: number }[];
export function checkFile(relativePath: string, text: string): Violation[];
export function checkPackage(root: string): Violation[];
