import type { RequestOptions } from './options';

/** Per-call options of a list operation. */
export interface ListOptions extends RequestOptions {
  /** The most pages a walk (`for await`, `.pages()`) requests, the first included; default 1000. */
  maxPages?: number;
}

/**
 * What a list operation returns: awaited, the first page (one request);
 * iterated with `for await`, every item of every page; `.pages()` yields
 * whole pages. Each iteration starts from the first page, which is fetched once.
 */
export type PagedPromise<Page, Item> = Promise<Page> &
  AsyncIterable<Item> & {
    pages(): AsyncIterable<Page>;
  };
