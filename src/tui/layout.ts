// Where everything goes for a terminal size; pure, so sizes are tested without rendering.

export interface Layout {
  columns: number;
  /** Lines Ink may draw: one less than the terminal, so it never clears the screen per frame. */
  liveRows: number;
  /** Lines between the header and the footer. */
  body: number;
  /** Too small for the grid: only the focused panel is shown. */
  compact: boolean;
  /** Wide enough for the extra columns. */
  wide: boolean;
  left: number;
  right: number;
  /** Heights (title line included) of the three bands of the grid. */
  top: number;
  mid: number;
  bottom: number;
}

export const WIDE_COLUMNS = 110;

export function computeLayout(columns: number, rows: number): Layout {
  const cols = Math.max(1, Math.floor(columns) || 80);
  const liveRows = Math.max(1, (Math.floor(rows) || 24) - 1);
  const body = Math.max(0, liveRows - 2);
  const compact = cols < 60 || body < 12;
  const left = Math.floor(cols / 2);
  const top = Math.round(body * 0.3);
  const mid = Math.round(body * 0.38);
  return { columns: cols, liveRows, body, compact, wide: cols >= WIDE_COLUMNS, left, right: cols - left, top, mid, bottom: body - top - mid };
}
