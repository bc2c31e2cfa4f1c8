import { expect } from 'vitest';

/** The input is marked invalid and its accessible description (Mantine's error text) says `text`. */
export function expectFieldError(input: HTMLElement, text: RegExp) {
  expect(input).toHaveAttribute('aria-invalid', 'true');
  expect(input).toHaveAccessibleDescription(expect.stringMatching(text));
}

export function expectNoFieldError(input: HTMLElement) {
  expect(input).not.toHaveAttribute('aria-invalid', 'true');
}
