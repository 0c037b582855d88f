// Strips terminal control characters from text that came from the cluster or from files before it
// reaches a terminal: a label value must not be able to move the cursor or rewrite the screen.

// C0 controls except tab/newline, DEL, C1 controls, and the bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export const sanitize = (text: string): string => text.replace(CONTROL, '');

/** For one-line cells: newlines and tabs become spaces as well. */
export const sanitizeLine = (text: string): string => sanitize(text).replace(/[\t\n]/g, ' ');
