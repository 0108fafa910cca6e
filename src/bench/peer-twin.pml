/* The peer-twin abstraction of ordered-delivery (issue 13), for SPIN: 2 streams, 2 addresses,
 * 6 writes, an unordered network, per-stream high-water marks, a limit time and earliest-first
 * destage; the invariant: the remote image is the image of a prefix of the writes in timestamp
 * order. Built as `spin -a`, then `gcc -O2 -DSAFETY -DNOREDUCE`; it must store 657,657 states.
 * Every step is one d_step; scratch variables are hidden (not in the state vector). */
#define NS 2
#define NA 2
#define MW 6

byte clock, n, limit;
byte wS[MW], wA[MW], wSeq[MW], wTs[MW];
byte nextSeq[NS];
byte net;            /* writes in the network (bit i: write i) */
byte recv[NS];       /* per stream, the sequence numbers received */
byte cache;          /* writes cached at the remote site */
byte hwm[NS];        /* per stream, the length of the gap-free run received */
byte hwmTs[NS];      /* the timestamp of its last write (0: none) */
byte remote[NA];     /* address -> write + 1 (0: never written) */

hidden byte s, j, k, lo, ok, img0, img1;

inline write(S, A) {
  clock++; wS[n] = S; wA[n] = A; wSeq[n] = nextSeq[S]; nextSeq[S]++; wTs[n] = clock;
  net = net | (1 << n); n++
}

inline deliver(I) {
  net = net & ~(1 << I); cache = cache | (1 << I); s = wS[I]; recv[s] = recv[s] | (1 << wSeq[I]);
  do
  :: (recv[s] >> hwm[s]) & 1 ->
     j = 0;
     do
     :: j < n -> if :: wS[j] == s && wSeq[j] == hwm[s] -> hwmTs[s] = wTs[j] :: else -> skip fi; j++
     :: else -> break
     od;
     hwm[s]++
  :: else -> break
  od;
  s = 0; j = 0
}

/* The remote image equals the image of writes 0..k-1 for some k (timestamp order = index order). */
inline prefixImage() {
  ok = 0; k = 0;
  do
  :: k <= n ->
     img0 = 0; img1 = 0; j = 0;
     do
     :: j < k -> if :: wA[j] == 0 -> img0 = j + 1 :: else -> img1 = j + 1 fi; j++
     :: else -> break
     od;
     if :: img0 == remote[0] && img1 == remote[1] -> ok = 1 :: else -> skip fi;
     k++
  :: else -> break
  od;
  assert(ok);
  ok = 0; k = 0; j = 0; img0 = 0; img1 = 0
}

active proctype peers() {
  /* end: stopping here (every write destaged) is a valid end state, not a deadlock */
end:
  do
  :: d_step { n < MW -> write(0, 0) }
  :: d_step { n < MW -> write(0, 1) }
  :: d_step { n < MW -> write(1, 0) }
  :: d_step { n < MW -> write(1, 1) }
  :: d_step { net & 1 -> deliver(0) }
  :: d_step { net & 2 -> deliver(1) }
  :: d_step { net & 4 -> deliver(2) }
  :: d_step { net & 8 -> deliver(3) }
  :: d_step { net & 16 -> deliver(4) }
  :: d_step { net & 32 -> deliver(5) }
  /* round: the limit moves to the smallest high-water timestamp over the streams */
  :: d_step { (hwmTs[0] < hwmTs[1] -> hwmTs[0] : hwmTs[1]) > limit -> limit = (hwmTs[0] < hwmTs[1] -> hwmTs[0] : hwmTs[1]) }
  /* destage: the cached write with the lowest timestamp (the lowest index), once within the limit */
  :: d_step {
       /* the lowest set bit of cache is below 1 << limit: that write's timestamp (index + 1) <= limit */
       cache != 0 && (cache & (256 - cache)) < (1 << limit) ->
       lo = 0;
       do :: (cache >> lo) & 1 -> break :: else -> lo++ od;
       remote[wA[lo]] = lo + 1; cache = cache & ~(1 << lo); prefixImage();
       lo = 0
     }
  od
}
