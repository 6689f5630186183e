// The charts' shared look: plot width, series colours, fonts and axes, so the run and sweep reports match.

/** Widest plot area of the page. */
export const CHART_WIDTH_PX = 820;

/** Series colours in order; the run report uses the first six, a sweep axis may need all ten. */
export const SERIES_PALETTE = ['#3b6ea5', '#e0873a', '#4f9a6b', '#b5485d', '#7d65a8', '#8c8c8c', '#c9a13b', '#5fa8b8', '#a36b4f', '#d17aa8'];

/** Vega-Lite config both reports start from: white background, sans-serif, quiet axes. */
export const BASE_CHART_CONFIG = {
  background: 'white',
  font: 'sans-serif',
  view: { stroke: null },
  axis: {
    labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelColor: '#3d4650', titleColor: '#3d4650',
    gridColor: '#eceff3', domainColor: '#a7b0ba', tickColor: '#a7b0ba',
  },
} as const;
