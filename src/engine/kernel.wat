;; The explorers' inner loops in WebAssembly (kernel.ts loads the binary of this text, embedded in
;; kernel-wasm.ts; `npm run wasm` rebuilds it and a test checks they agree): state fingerprints, and
;; the packing of states into the layer queue.
;;
;; A fingerprint is the 64-bit sum, over the words of a state vector, of a term mixing the word's
;; value with its position (additive Zobrist hashing): a successor that differs from its parent in a
;; few words is hashed from the parent's fingerprint by those words alone. `delta` finds them 16
;; words at a time with SIMD, where a JavaScript loop reads one word per iteration; `fill` and
;; `deltas` serve all the successors of a state in one call each.
;;
;; Memory is fixed (never grown), so the views JavaScript holds on it are never detached. Bytes 0-7
;; hold the result: the low half first (HASH[0]), then the high half (HASH[1]).
(module
  (memory (export "memory") 112 112)

  ;; The terms of the first $tabled positions for the values -128..127, at byte address $tab: term(i, v)
  ;; at $tab + 8 * (256 i + v + 128). `delta` looks them up (most words hold small values) where
  ;; computing one costs three dependent multiplies; the fingerprints are the same either way.
  (global $tab (mut i32) (i32.const 0))
  (global $tabled (mut i32) (i32.const 0))

  ;; splitmix64's finalizer over (position << 32 | value) scaled by the golden ratio: a bijection, so
  ;; distinct (position, value) pairs give distinct, well-spread terms.
  (func $term (param $i i32) (param $v i32) (result i64)
    (local $z i64)
    (local.set $z
      (i64.add
        (i64.mul
          (i64.or
            (i64.shl (i64.extend_i32_u (local.get $i)) (i64.const 32))
            (i64.extend_i32_u (local.get $v)))
          (i64.const 0x9e3779b97f4a7c15))
        (i64.const 0x632be59bd9b4e019)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
    (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))

  ;; Extends the table of terms (at byte address `at`, fixed on the first call) to the first n positions.
  (func (export "tabulate") (param $at i32) (param $n i32)
    (local $i i32)
    (local $v i32)
    (if (i32.eqz (global.get $tabled)) (then (global.set $tab (local.get $at))))
    (local.set $i (global.get $tabled))
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v (i32.const -128))
        (block $values
          (loop $value
            (br_if $values (i32.gt_s (local.get $v) (i32.const 127)))
            (i64.store
              (i32.add (global.get $tab) (i32.shl (i32.add (i32.shl (local.get $i) (i32.const 8)) (i32.add (local.get $v) (i32.const 128))) (i32.const 3)))
              (call $term (local.get $i) (local.get $v)))
            (local.set $v (i32.add (local.get $v) (i32.const 1)))
            (br $value)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $position)))
    (if (i32.gt_u (local.get $n) (global.get $tabled)) (then (global.set $tabled (local.get $n)))))

  ;; The fingerprint of the n words at byte address p.
  (func (export "full") (param $p i32) (param $n i32)
    (local $i i32)
    (local $h i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h
          (i64.add (local.get $h)
            (call $term (local.get $i) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.store (i32.const 0) (local.get $h)))

  ;; The fingerprint of the n words at q, given the fingerprint (lo, hi) of the n words at p. The
  ;; positions of the words that differ go to c, in increasing order; returns how many. The explorer
  ;; checks properties and coverage over them (a check whose positions did not change is not redone).
  ;; Two passes: the positions first, then the terms of each changed word's old and new value, mixed
  ;; side by side in one loop (the two chains of multiplies overlap; a call per term did not).
  (func $delta (export "delta") (param $p i32) (param $q i32) (param $n i32) (param $lo i32) (param $hi i32) (param $c i32) (result i32)
    (local $cnt i32)
    (local $h i64)
    (local $i i32)
    (local $m i32)
    (local $j i32)
    (local $pa i32)
    (local $qa i32)
    (local $zx i64)
    (local $zy i64)
    (local $key i64)
    (local $end i32)
    (local $vx i32)
    (local $vy i32)
    (local $e i32)
    (local $na v128)
    (local $nb v128)
    (local $nc v128)
    (local $nd v128)
    ;; Sixteen words compared at once (a transition changes 3-5 words of 66-190): a group with no
    ;; difference costs one test, and in one that has some, a bit mask per sixteen words gives which.
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $pa (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $qa (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $na (i32x4.ne (v128.load align=4 (local.get $pa)) (v128.load align=4 (local.get $qa))))
        (local.set $nb (i32x4.ne (v128.load offset=16 align=4 (local.get $pa)) (v128.load offset=16 align=4 (local.get $qa))))
        (local.set $nc (i32x4.ne (v128.load offset=32 align=4 (local.get $pa)) (v128.load offset=32 align=4 (local.get $qa))))
        (local.set $nd (i32x4.ne (v128.load offset=48 align=4 (local.get $pa)) (v128.load offset=48 align=4 (local.get $qa))))
        (if (v128.any_true (v128.or (v128.or (local.get $na) (local.get $nb)) (v128.or (local.get $nc) (local.get $nd))))
          (then
            (local.set $m
              (i32.or
                (i32.or (i32x4.bitmask (local.get $na)) (i32.shl (i32x4.bitmask (local.get $nb)) (i32.const 4)))
                (i32.or (i32.shl (i32x4.bitmask (local.get $nc)) (i32.const 8)) (i32.shl (i32x4.bitmask (local.get $nd)) (i32.const 12)))))
            (block $bits
              (loop $bit
                (br_if $bits (i32.eqz (local.get $m)))
                (i32.store (i32.add (local.get $c) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $i) (i32.ctz (local.get $m))))
                (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (br $bit)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $group)))
    ;; Then four at once.
    (block $quads
      (loop $quad
        (br_if $quads (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $m
          (i32x4.bitmask
            (i32x4.ne
              (v128.load align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
              (v128.load align=4 (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))))))
        (block $bits
          (loop $bit
            (br_if $bits (i32.eqz (local.get $m)))
            (i32.store (i32.add (local.get $c) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $bit)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quad)))
    ;; The last n mod 4 words.
    (block $tail
      (loop $word
        (br_if $tail (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne
              (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
              (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))))
          (then
            (i32.store (i32.add (local.get $c) (i32.shl (local.get $cnt) (i32.const 2))) (local.get $i))
            (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $word)))
    ;; h + term(k, new) - term(k, old) for each changed position k: $term written out for both values.
    (local.set $h
      (i64.or
        (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32))
        (i64.extend_i32_u (local.get $lo))))
    (block $terms
      (loop $term
        (br_if $terms (i32.ge_u (local.get $j) (local.get $cnt)))
        (local.set $i (i32.load (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $vx (i32.add (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 128)))
        (local.set $vy (i32.add (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 128)))
        ;; Both values in the table: two loads.
        (if (i32.and
              (i32.lt_u (local.get $i) (global.get $tabled))
              (i32.lt_u (i32.or (local.get $vx) (local.get $vy)) (i32.const 256)))
          (then
            (local.set $e (i32.add (global.get $tab) (i32.shl (i32.shl (local.get $i) (i32.const 8)) (i32.const 3))))
            (local.set $h
              (i64.sub
                (i64.add (local.get $h) (i64.load (i32.add (local.get $e) (i32.shl (local.get $vy) (i32.const 3)))))
                (i64.load (i32.add (local.get $e) (i32.shl (local.get $vx) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $term)))
        (local.set $key (i64.shl (i64.extend_i32_u (local.get $i)) (i64.const 32)))
        (local.set $zx
          (i64.add
            (i64.mul
              (i64.or (local.get $key) (i64.extend_i32_u (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
              (i64.const 0x9e3779b97f4a7c15))
            (i64.const 0x632be59bd9b4e019)))
        (local.set $zy
          (i64.add
            (i64.mul
              (i64.or (local.get $key) (i64.extend_i32_u (i32.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2))))))
              (i64.const 0x9e3779b97f4a7c15))
            (i64.const 0x632be59bd9b4e019)))
        (local.set $zx (i64.mul (i64.xor (local.get $zx) (i64.shr_u (local.get $zx) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
        (local.set $zy (i64.mul (i64.xor (local.get $zy) (i64.shr_u (local.get $zy) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
        (local.set $zx (i64.mul (i64.xor (local.get $zx) (i64.shr_u (local.get $zx) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
        (local.set $zy (i64.mul (i64.xor (local.get $zy) (i64.shr_u (local.get $zy) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
        (local.set $h
          (i64.sub
            (i64.add (local.get $h) (i64.xor (local.get $zy) (i64.shr_u (local.get $zy) (i64.const 31))))
            (i64.xor (local.get $zx) (i64.shr_u (local.get $zx) (i64.const 31)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $term)))
    (i64.store (i32.const 0) (local.get $h))
    (local.get $cnt))

  ;; Copies the first `bytes` (a multiple of 16) at p to q, q + stride, ... `count` times: a state into
  ;; the slots where its successors are written (one call for all of them, 16 bytes a move).
  (func (export "fill") (param $p i32) (param $q i32) (param $stride i32) (param $count i32) (param $bytes i32)
    (local $o i32)
    (block $done
      (loop $slot
        (br_if $done (i32.eqz (local.get $count)))
        (local.set $o (i32.const 0))
        (block $copied
          (loop $move
            (br_if $copied (i32.ge_u (local.get $o) (local.get $bytes)))
            (v128.store align=4 (i32.add (local.get $q) (local.get $o)) (v128.load align=4 (i32.add (local.get $p) (local.get $o))))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $move)))
        (local.set $q (i32.add (local.get $q) (local.get $stride)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $slot))))

  ;; `delta` from the n words at p to each of `count` vectors at q, q + stride, ...: their changed
  ;; positions at c, c + stride, ..., and per vector three words at r: the fingerprint's two halves and
  ;; how many words changed. One call for all of a state's successors.
  (func (export "deltas") (param $p i32) (param $q i32) (param $stride i32) (param $count i32) (param $n i32) (param $lo i32) (param $hi i32) (param $c i32) (param $r i32)
    (local $cnt i32)
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $count)))
        (local.set $cnt (call $delta (local.get $p) (local.get $q) (local.get $n) (local.get $lo) (local.get $hi) (local.get $c)))
        (i64.store (local.get $r) (i64.load (i32.const 0)))
        (i32.store offset=8 (local.get $r) (local.get $cnt))
        (local.set $q (i32.add (local.get $q) (local.get $stride)))
        (local.set $c (i32.add (local.get $c) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 12)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $each))))

  ;; Packs the n words at p into n bytes at d (a layer queue stores states a quarter of their width);
  ;; returns how many words lie outside -128..127 and lists their positions at c, in increasing order
  ;; (their bytes are then not the state: the queue keeps those words beside it). A group of sixteen
  ;; words all in range costs one test; only a group that is not looks for which.
  (func (export "pack8") (param $p i32) (param $n i32) (param $d i32) (param $c i32) (result i32)
    (local $i i32)
    (local $end i32)
    (local $a v128)
    (local $b v128)
    (local $x v128)
    (local $e v128)
    (local $oa v128)
    (local $ob v128)
    (local $ox v128)
    (local $oe v128)
    (local $v i32)
    (local $m i32)
    (local $cnt i32)
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (v128.load align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $b (v128.load offset=16 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $x (v128.load offset=32 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $e (v128.load offset=48 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        ;; Out of range: v + 128 above 255, unsigned.
        (local.set $oa (i32x4.gt_u (i32x4.add (local.get $a) (v128.const i32x4 128 128 128 128)) (v128.const i32x4 255 255 255 255)))
        (local.set $ob (i32x4.gt_u (i32x4.add (local.get $b) (v128.const i32x4 128 128 128 128)) (v128.const i32x4 255 255 255 255)))
        (local.set $ox (i32x4.gt_u (i32x4.add (local.get $x) (v128.const i32x4 128 128 128 128)) (v128.const i32x4 255 255 255 255)))
        (local.set $oe (i32x4.gt_u (i32x4.add (local.get $e) (v128.const i32x4 128 128 128 128)) (v128.const i32x4 255 255 255 255)))
        (if (v128.any_true (v128.or (v128.or (local.get $oa) (local.get $ob)) (v128.or (local.get $ox) (local.get $oe))))
          (then
            ;; One bit per word of the sixteen, in order; each set bit's position goes to c.
            (local.set $m
              (i32.or
                (i32.or (i32x4.bitmask (local.get $oa)) (i32.shl (i32x4.bitmask (local.get $ob)) (i32.const 4)))
                (i32.or (i32.shl (i32x4.bitmask (local.get $ox)) (i32.const 8)) (i32.shl (i32x4.bitmask (local.get $oe)) (i32.const 12)))))
            (block $bits
              (loop $bit
                (br_if $bits (i32.eqz (local.get $m)))
                (i32.store (i32.add (local.get $c) (i32.shl (local.get $cnt) (i32.const 2))) (i32.add (local.get $i) (i32.ctz (local.get $m))))
                (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (br $bit)))))
        (v128.store align=1 (i32.add (local.get $d) (local.get $i))
          (i8x16.narrow_i16x8_s
            (i16x8.narrow_i32x4_s (local.get $a) (local.get $b))
            (i16x8.narrow_i32x4_s (local.get $x) (local.get $e))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $group)))
    (block $tail
      (loop $word
        (br_if $tail (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $v (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.gt_u (i32.add (local.get $v) (i32.const 128)) (i32.const 255))
          (then
            (i32.store (i32.add (local.get $c) (i32.shl (local.get $cnt) (i32.const 2))) (local.get $i))
            (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
        (i32.store8 (i32.add (local.get $d) (local.get $i)) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $word)))
    (local.get $cnt))

  ;; Unpacks the n bytes at s into n words at p (sign-extended): the inverse of pack8.
  (func (export "unpack8") (param $s i32) (param $n i32) (param $p i32)
    (local $i i32)
    (local $end i32)
    (local $x v128)
    (local $lo v128)
    (local $hi v128)
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $groups
      (loop $group
        (br_if $groups (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x (v128.load align=1 (i32.add (local.get $s) (local.get $i))))
        (local.set $lo (i16x8.extend_low_i8x16_s (local.get $x)))
        (local.set $hi (i16x8.extend_high_i8x16_s (local.get $x)))
        (v128.store align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32x4.extend_low_i16x8_s (local.get $lo)))
        (v128.store offset=16 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32x4.extend_high_i16x8_s (local.get $lo)))
        (v128.store offset=32 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32x4.extend_low_i16x8_s (local.get $hi)))
        (v128.store offset=48 align=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32x4.extend_high_i16x8_s (local.get $hi)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $group)))
    (block $tail
      (loop $word
        (br_if $tail (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))) (i32.load8_s (i32.add (local.get $s) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $word))))
)
