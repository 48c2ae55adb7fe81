/* The live model (model.h): refresh, rates, histories, sparklines. */
#include "live/model.h"

#include <stdlib.h>
#include <string.h>

#include "engine/mtype.h"

void live_model_init(struct live_model *m, const char *dir, bool kpage)
{
	memset(m, 0, sizeof(*m));
	m->dir = dir;
	m->want_kpage = kpage;
}

void live_model_free(struct live_model *m)
{
	kp_free(&m->km);
}

void live_series_push(struct live_series *s, double v)
{
	s->v[s->head] = v;
	s->head = (s->head + 1) % LIVE_HIST;
	if (s->n < LIVE_HIST)
		s->n++;
}

double live_series_at(const struct live_series *s, int i)
{
	return s->v[(s->head - s->n + i + LIVE_HIST) % LIVE_HIST];
}

char *live_sparkline(const struct live_series *s, int width, char *out, size_t n)
{
	static const char *const bars[8] = { "\u2581", "\u2582", "\u2583", "\u2584",
					     "\u2585", "\u2586", "\u2587", "\u2588" };
	size_t at = 0;
	int shown = s->n < width ? s->n : width;
	double lo = 0, hi = 0;
	for (int i = 0; i < shown; i++) {
		double v = live_series_at(s, s->n - shown + i);
		if (i == 0 || v < lo)
			lo = v;
		if (i == 0 || v > hi)
			hi = v;
	}
	out[0] = 0;
	for (int i = 0; i < width - shown && at + 2 < n; i++)
		out[at++] = ' ';
	for (int i = 0; i < shown; i++) {
		double v = live_series_at(s, s->n - shown + i);
		int k = hi > lo ? (int)((v - lo) * 7.0 / (hi - lo) + 0.5) : 0;
		if (k < 0)
			k = 0;
		if (k > 7)
			k = 7;
		if (at + 4 >= n)
			break;
		memcpy(out + at, bars[k], 3);
		at += 3;
	}
	out[at] = 0;
	return out;
}

int live_frag_order(const struct live_snap *s)
{
	int k = s->pb_order >= 0 ? s->pb_order : 9;
	if (s->norders && k > s->norders - 1)
		k = s->norders - 1;
	return k;
}

const char *live_type_name(const struct live_snap *s, int t)
{
	return t >= 0 && t < s->ntypes ? mtype_name(s->type_mt[t]) : "?";
}

bool live_model_refresh(struct live_model *m, double now, char *err, size_t n)
{
	struct live_snap *next = malloc(sizeof(*next));
	if (!next) {
		snprintf(err, n, "out of memory");
		return false;
	}
	if (!live_read(next, m->dir, err, n)) {
		free(next);
		return false;
	}
	if (m->samples) {
		m->prev = m->cur;
		m->t_prev = m->t_cur;
		m->have_prev = true;
	}
	m->cur = *next;
	m->t_cur = now;
	free(next);
	m->samples++;
	int k = live_frag_order(&m->cur);
	for (int i = 0; i < m->cur.nzones && i < LIVE_MAX_ZONES; i++) {
		const struct live_zone *z = &m->cur.zones[i];
		live_series_push(&m->free[i], (double)live_free_pages(z, m->cur.norders));
		live_series_push(&m->frag[i], live_extfrag_index(z, m->cur.norders, k));
		live_series_push(&m->unus[i], live_unusable_index(z, m->cur.norders, k));
		for (int t = 0; t < m->cur.ntypes; t++) {
			double pages = 0;
			for (int o = 0; o < m->cur.norders; o++)
				pages += (double)(z->type_free[t][o] << o);
			if (z->have_types)
				live_series_push(&m->tfree[i][t], pages);
			if (z->have_blocks)
				live_series_push(&m->tblocks[i][t], (double)z->blocks[t]);
		}
	}
	double dt = m->t_cur - m->t_prev;
	for (int v = 0; v < LIVE_VM_COUNT; v++) {
		m->have_rate[v] = m->have_prev && dt > 0 && m->cur.have_vm[v] && m->prev.have_vm[v] &&
				  m->cur.vm[v] >= m->prev.vm[v];
		m->rates[v] = m->have_rate[v] ? (double)(m->cur.vm[v] - m->prev.vm[v]) / dt : 0;
		if (m->have_rate[v])
			live_series_push(&m->rate[v], m->rates[v]);
	}
	if (m->want_kpage) {
		kp_free(&m->km);
		if (!kp_read(&m->km, &m->cur, m->dir, err, n))
			return false;
	}
	return true;
}
