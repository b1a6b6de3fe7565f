import { describe, expect, it } from 'vitest';
import { describeSkew } from '../../src/data/clock.js';

describe('a device clock that looks wrong', () => {
  it('says nothing for the few seconds a network takes', () => {
    expect(describeSkew(4000)).toBeNull();
    expect(describeSkew(-9 * 60 * 1000)).toBeNull();
    expect(describeSkew(undefined)).toBeNull();
  });

  it('says how far ahead or behind, in plain words', () => {
    expect(describeSkew(3 * 3600 * 1000)).toContain('about 3 hours ahead');
    expect(describeSkew(-25 * 60 * 1000)).toContain('about 25 minutes behind');
  });

  it('says device, not phone: it may be a computer or a tablet', () => {
    expect(describeSkew(3 * 3600 * 1000)).toBe("This device's clock looks about 3 hours ahead. Cramps are timed by it, so please set the right date and time in your device's settings.");
    expect(describeSkew(-25 * 60 * 1000)).not.toMatch(/phone/i);
  });
});
