/** Where alert transitions are kept: the alerts page's history and window reports read it. */
export const ALERT_TRANSITIONS = 'alert_transitions';
