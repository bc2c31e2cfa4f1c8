import { vi } from 'vitest';

/**
 * jsdom lays nothing out, so every element measures 0 × 0 and charts (which size themselves to
 * their container) draw nothing and warn. This gives chart containers a plausible size for the
 * test that calls it, and leaves every other element at 0 × 0 (a legend measured as tall as the
 * chart would leave no room to draw); `restoreMocks` undoes it afterwards.
 */
export function giveChartsASize(width = 800, height = 320) {
  const original = HTMLElement.prototype.getBoundingClientRect;
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    if (!this.classList.contains('recharts-responsive-container')) return original.call(this);
    return { x: 0, y: 0, top: 0, left: 0, right: width, bottom: height, width, height, toJSON: () => ({}) } as DOMRect;
  });
}
