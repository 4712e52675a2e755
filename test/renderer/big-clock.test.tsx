import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BigClock } from '../../renderer/features/drills/BigClock';

// The clock interpolates between server polls with performance.now() and a 200 ms interval; both are faked so time is stepped, not waited for.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const clock = () => screen.getByTestId('drill-clock');

describe('the drill clock', () => {
  it('shows T+00:00 before the drill has started', () => {
    render(<BigClock anchor={null} />);
    expect(screen.getByText('T+00:00')).toBeTruthy();
  });

  it('shows scenario time from the last poll and keeps counting between polls', () => {
    render(<BigClock anchor={{ measuredMs: 65_000, at: performance.now(), running: true, scale: 1 }} />);
    expect(clock().textContent).toBe('T+01:05');
    expect(clock().getAttribute('aria-label')).toBe('Scenario time T+01:05');
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(clock().textContent).toBe('T+01:15');
  });

  it('stands still while paused', () => {
    render(<BigClock anchor={{ measuredMs: 65_000, at: performance.now(), running: false, scale: 1 }} />);
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(clock().textContent).toBe('T+01:05');
  });

  it('runs scenario time faster at a time scale and shows the real time beside it', () => {
    render(<BigClock anchor={{ measuredMs: 60_000, at: performance.now(), running: true, scale: 10 }} />);
    expect(clock().textContent).toBe('T+10:00');
    expect(screen.getByText('10× · real time 01:00')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(6_000);
    });
    expect(clock().textContent).toBe('T+11:00');
  });

  it('shows hours once a drill passes 60 minutes of scenario time', () => {
    render(<BigClock anchor={{ measuredMs: 3_725_000, at: performance.now(), running: false, scale: 1 }} />);
    expect(clock().textContent).toBe('T+1:02:05');
  });
});
