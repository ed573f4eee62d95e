import type { useCursorPaging } from '../hooks/useCursorPaging';
import { CursorPager } from './CursorPager';

interface ConnectionLike {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface Props {
  conn: ConnectionLike | null | undefined;
  paging: ReturnType<typeof useCursorPaging>;
  loading?: boolean;
  testId?: string;
}

/** The pager of a Relay connection driven by `useCursorPaging`: one place for the wiring every list repeats. */
export function ConnectionPager({ conn, paging, loading, testId }: Props) {
  return (
    <CursorPager
      total={conn?.totalCount}
      page={paging.page}
      size={paging.size}
      hasNext={conn?.pageInfo.hasNextPage ?? false}
      hasPrevious={(conn?.pageInfo.hasPreviousPage ?? false) || paging.page > 1}
      loading={loading}
      onNext={() => paging.next(conn?.pageInfo.endCursor)}
      onPrevious={() => paging.previous(conn?.pageInfo.startCursor)}
      onSize={paging.setSize}
      testId={testId}
    />
  );
}
