/** One routing decision: a whole point (all its tasks) or one task, to a lead department and cooperating units. */
export interface RoutingItemInput {
  pointId?: string;
  taskId?: string;
  leadUnitId: string;
  cooperatingUnitIds?: string[];
}

export interface RouteInput {
  items: RoutingItemInput[];
  /** the bureau whose tree names are read in (tasks created for points without one) */
  bureauId?: string;
}
