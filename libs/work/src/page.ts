/** One page of a list: the items, the total across pages, and where the page is. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
