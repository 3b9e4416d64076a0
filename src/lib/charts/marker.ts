/** An event drawn as a vertical line on every chart: a booking window opening or closing, an alert firing. */
export interface Marker {
	/** Epoch ms. */
	time: number;
	label: string;
	kind: 'window-open' | 'window-close' | 'alert' | 'event';
}
