/* Free lists: free_area[order].free_list[mt] of each zone, and the
 * PageBuddy state of chunk heads (mm/page_alloc.c: __add_to_free_list,
 * __del_page_from_free_list, move_to_free_list, get_page_from_free_area).
 *
 * Every list primitive keeps the counters the dumps read: nr_free per
 * order, list lengths, free pages per zone and per pageblock, and
 * NR_FREE_PAGES (Isolate excluded, as account_freepages() does).
 */
#include "internal.h"

/* Free max-order chunks live in the per-max-order-block tables. */
static inline bool use_mb(const struct machine *m, int order)
{
	return order == m->max_order;
}

/* For writing: marks the page's region. */
static inline struct link *link_of(struct machine *m, uint32_t idx, int order)
{
	if (use_mb(m, order))
		return &m->mb_link[idx >> m->max_order];
	mark_touched(m, idx);
	return &m->pg_link[idx];
}

static inline const struct link *clink_of(const struct machine *m, uint32_t idx, int order)
{
	return use_mb(m, order) ? &m->mb_link[idx >> m->max_order] : &m->pg_link[idx];
}

bool is_free_head(const struct machine *m, uint32_t idx, int order)
{
	if (use_mb(m, order))
		return (idx & ((1u << order) - 1)) == 0 &&
		       (m->mb_state[idx >> order] & PS_FREE);
	uint8_t s = m->pg_state[idx];
	return (s & PS_FREE) && (int)(s & PS_ORDER_MASK) == order;
}

int free_head_order(const struct machine *m, uint32_t idx)
{
	uint8_t s = m->pg_state[idx];
	if (s & PS_FREE)
		return s & PS_ORDER_MASK;
	if ((idx & ((1u << m->max_order) - 1)) == 0 && (m->mb_state[idx >> m->max_order] & PS_FREE))
		return m->max_order;
	return -1;
}

int free_head_list(const struct machine *m, uint32_t idx)
{
	uint8_t s = m->pg_state[idx];
	if (!(s & PS_FREE))
		s = m->mb_state[idx >> m->max_order];
	return (s & PS_MT_MASK) >> PS_MT_SHIFT;
}

/* The counters a chunk of 2^order pages of list mt adds to (sign +1) or
 * takes from (-1). Inline with a constant sign: every list operation
 * pays it. */
static inline void account(struct machine *m, int zone, uint32_t idx, int order, int mt, int sign)
{
	struct zone *z = &m->zones[zone];
	int64_t n = sign * ((int64_t)1 << order);
	/* account_freepages(): Isolate pages leave NR_FREE_PAGES; CMA and
	 * HighAtomic pages have their own counters too. */
	z->nr_free[order] += (uint64_t)(int64_t)sign;
	z->free_pages += (uint64_t)n;
	if (mt != MT_ISOLATE)
		z->nr_free_pages += (uint64_t)n;
	if (mt == MT_CMA)
		z->nr_free_cma += (uint64_t)n;
	else if (mt == MT_HIGHATOMIC)
		z->nr_free_highatomic += (uint64_t)n;
	if (order <= m->pb_order)   /* one block: block_add_free()'s common case */
		m->blocks[idx >> m->pb_order].free += (uint32_t)n;
	else
		block_add_free(m, idx, order, sign);
}

void list_add(struct machine *m, int zone, uint32_t idx, int order, int mt, bool tail)
{
	struct free_list *fl = &m->zones[zone].lists[order][mt];
	struct link *l = link_of(m, idx, order);
	uint8_t state = (uint8_t)(PS_FREE | (mt << PS_MT_SHIFT) | order);

	hot_assert((idx & ((1u << order) - 1)) == 0);
	/* Only the table this order lives in: reading pg_state for a
	 * max-order head would fault in host memory for untouched pages. */
	hot_assert(use_mb(m, order) ? !(m->mb_state[idx >> order] & PS_FREE) : free_head_order(m, idx) < 0);
	if (use_mb(m, order))
		m->mb_state[idx >> order] = state;
	else
		m->pg_state[idx] = state;   /* region marked by link_of() */

	if (fl->head == NIL) {
		l->next = l->prev = NIL;
		fl->head = fl->tail = idx;
	} else if (tail) {
		l->prev = fl->tail;
		l->next = NIL;
		link_of(m, fl->tail, order)->next = idx;
		fl->tail = idx;
	} else {
		l->next = fl->head;
		l->prev = NIL;
		link_of(m, fl->head, order)->prev = idx;
		fl->head = idx;
	}
	fl->count++;
	account(m, zone, idx, order, mt, +1);
}

/* Unlinks from whatever list the chunk is on and clears PageBuddy. */
void list_del(struct machine *m, int zone, uint32_t idx, int order)
{
	int mt = free_head_list(m, idx);
	struct free_list *fl = &m->zones[zone].lists[order][mt];
	struct link *l = link_of(m, idx, order);

	hot_assert(is_free_head(m, idx, order));
	if (l->prev != NIL)
		link_of(m, l->prev, order)->next = l->next;
	else
		fl->head = l->next;
	if (l->next != NIL)
		link_of(m, l->next, order)->prev = l->prev;
	else
		fl->tail = l->prev;
	l->next = l->prev = 0;
	fl->count--;
	if (use_mb(m, order))
		m->mb_state[idx >> order] = 0;
	else
		m->pg_state[idx] = 0;
	account(m, zone, idx, order, mt, -1);
}

/* move_to_free_list(): unlink, then push at the tail of the new list. */
void list_move_tail(struct machine *m, int zone, uint32_t idx, int order, int new_mt)
{
	list_del(m, zone, idx, order);
	list_add(m, zone, idx, order, new_mt, true);
}

uint32_t list_head(const struct machine *m, int zone, int order, int mt)
{
	return m->zones[zone].lists[order][mt].head;
}

uint32_t link_next(const struct machine *m, uint32_t idx, int order)
{
	return clink_of(m, idx, order)->next;
}

/* move_freelist_head() (compaction.c): the entries before idx go to the
 * tail, so idx becomes the head and the cyclic order is kept. O(1). */
void list_rotate_head(struct machine *m, int zone, uint32_t idx, int order)
{
	struct free_list *fl = &m->zones[zone].lists[order][free_head_list(m, idx)];
	if (fl->head == idx)
		return;
	uint32_t h = fl->head, t = fl->tail, p = clink_of(m, idx, order)->prev;
	link_of(m, t, order)->next = h;
	link_of(m, h, order)->prev = t;
	link_of(m, p, order)->next = NIL;
	link_of(m, idx, order)->prev = NIL;
	fl->tail = p;
	fl->head = idx;
}

/* move_freelist_tail(): idx and the entries before it go to the tail. */
void list_rotate_tail(struct machine *m, int zone, uint32_t idx, int order)
{
	uint32_t next = clink_of(m, idx, order)->next;
	if (next != NIL)
		list_rotate_head(m, zone, next, order);
}
