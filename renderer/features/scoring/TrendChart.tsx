import { lazyChart } from '../../components/lazyChart';

/** The chart itself is in ./TrendChartImpl, loaded on first use (see lazyChart). */
export const TrendChart = lazyChart(() => import('./TrendChartImpl').then((m) => m.TrendChart));
