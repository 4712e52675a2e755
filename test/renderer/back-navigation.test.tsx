import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../renderer/app/app.store';
import { BackLink } from '../../renderer/components/BackLink';

const store = () => useAppStore.getState();

beforeEach(() => {
  window.history.replaceState(null, '', '#/dashboard');
  useAppStore.setState({ route: { id: 'dashboard', params: {} }, trail: [] });
});

describe('Back returns where the user came from', () => {
  it('goes back step by step, each screen with the params it had', () => {
    store().navigate('matrix', { env: 'prod' });
    store().navigate('readiness-agent', { id: 'a1' });
    store().navigate('assessments', { id: 's9' });

    store().back({ id: 'assessments', params: {} });
    expect(store().route).toEqual({ id: 'readiness-agent', params: { id: 'a1' } });
    expect(window.location.hash).toBe('#/readiness-agent?id=a1');
    store().back({ id: 'dashboard', params: {} });
    expect(store().route).toEqual({ id: 'matrix', params: { env: 'prod' } });
    store().back({ id: 'dashboard', params: {} });
    expect(store().route).toEqual({ id: 'dashboard', params: {} });
  });

  it('goes to the fallback when the screen was opened directly (no history)', () => {
    useAppStore.setState({ route: { id: 'readiness-agent', params: { id: 'a1' } }, trail: [] });
    store().back({ id: 'dashboard', params: {} });
    expect(store().route).toEqual({ id: 'dashboard', params: {} });
  });

  it('does not record a step when navigating to the screen already shown', () => {
    store().navigate('dashboard');
    expect(store().trail).toEqual([]);
  });

  it('the browser’s Back consumes the last step instead of adding one', () => {
    store().navigate('drills');
    store().navigate('drill-history');
    window.history.replaceState(null, '', '#/drills');
    act(() => {
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(store().route.id).toBe('drills');
    expect(store().trail).toEqual([{ id: 'dashboard', params: {} }]);
  });

  it('the Back link names the screen it returns to, and goes there', async () => {
    store().navigate('drill-history');
    store().navigate('drill-aar', { id: 'd1' });
    render(<BackLink fallback={{ id: 'drills', params: {} }} />);
    const link = screen.getByRole('button', { name: '← Drill history' });
    await userEvent.click(link);
    expect(store().route).toEqual({ id: 'drill-history', params: {} });
  });

  it('names the fallback when there is no history', () => {
    useAppStore.setState({ route: { id: 'readiness-agent', params: { id: 'a1' } }, trail: [] });
    render(<BackLink fallback={{ id: 'dashboard', params: {} }} />);
    expect(screen.getByRole('button', { name: '← Dashboard' })).toBeTruthy();
  });
});
