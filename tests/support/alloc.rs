//! A global allocator for tests: counts allocations per thread, and keeps a
//! table of the live blocks so that a test can search the whole heap.
//!
//! A test binary installs it with
//! `#[global_allocator] static A: Tracking = Tracking;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    // `const` and without a destructor: reading it never allocates, so the
    // allocator may use it.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

/// How many slots the live-block table has. A test process has a few
/// thousand live blocks; a block that finds no slot is simply not searched,
/// and [`untracked`] says how many those were.
const SLOTS: usize = 1 << 16;

/// The live blocks: address and size, 0 where free.
static BLOCK_ADDR: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static BLOCK_SIZE: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static UNTRACKED: AtomicUsize = AtomicUsize::new(0);

/// Counts every allocation of the calling thread, and records every live
/// block, then passes the call to the system allocator.
pub struct Tracking;

/// Allocations made by the calling thread so far.
#[must_use]
pub fn allocations() -> u64 {
    ALLOCATIONS.with(Cell::get)
}

/// Allocations per call of `op` on the calling thread, over enough calls
/// that a one-off (a buffer refill, a lazily made state) shows as a
/// fraction. One call first, outside the count: a thread RNG allocates its
/// state on a thread's first use, which is not the operation's cost.
pub fn per_call<R>(mut op: impl FnMut() -> R) -> f64 {
    const CALLS: u32 = 64;
    drop(std::hint::black_box(op()));
    let before = allocations();
    for _ in 0..CALLS {
        drop(std::hint::black_box(op()));
    }
    (allocations() - before) as f64 / f64::from(CALLS)
}

/// Blocks that were live at some point but found no slot in the table.
#[must_use]
pub fn untracked() -> usize {
    UNTRACKED.load(Ordering::Relaxed)
}

fn slot_of(addr: usize) -> usize {
    (addr >> 4).wrapping_mul(0x9e37_79b9_7f4a_7c15) % SLOTS
}

fn track(addr: usize, size: usize) {
    if addr == 0 {
        return;
    }
    let start = slot_of(addr);
    for i in 0..64 {
        let slot = (start + i) % SLOTS;
        if BLOCK_ADDR[slot]
            .compare_exchange(0, addr, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
        {
            BLOCK_SIZE[slot].store(size, Ordering::Release);
            return;
        }
    }
    UNTRACKED.fetch_add(1, Ordering::Relaxed);
}

fn untrack(addr: usize) {
    let start = slot_of(addr);
    for i in 0..64 {
        let slot = (start + i) % SLOTS;
        if BLOCK_ADDR[slot].load(Ordering::Acquire) == addr {
            BLOCK_SIZE[slot].store(0, Ordering::Release);
            BLOCK_ADDR[slot].store(0, Ordering::Release);
            return;
        }
    }
}

// SAFETY: every call is passed straight to the system allocator; the
// bookkeeping touches only a thread-local `Cell` and atomics.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is passed on unchanged.
        let p = unsafe { System.alloc(layout) };
        track(p as usize, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        track(p as usize, layout.size());
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        untrack(ptr as usize);
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        // On failure the old block is still live.
        if p.is_null() {
            track(ptr as usize, layout.size());
        } else {
            track(p as usize, new_size);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        untrack(ptr as usize);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Whether any live heap block holds one of `masked` unmasked: each needle
/// is given XORed with `mask` and compared byte by byte with the mask
/// removed on the fly, so that the needles, which are on the heap too, are
/// never found themselves. Only meaningful in a process whose global
/// allocator is [`Tracking`], while no other thread allocates or writes.
#[must_use]
pub fn live_heap_holds(masked: &[Vec<u8>], mask: u8) -> bool {
    for slot in 0..SLOTS {
        let addr = BLOCK_ADDR[slot].load(Ordering::Acquire);
        let size = BLOCK_SIZE[slot].load(Ordering::Acquire);
        if addr == 0 || size == 0 {
            continue;
        }
        // SAFETY: the block is live (recorded at allocation, removed before
        // it is freed) and `size` bytes long; the caller guarantees no other
        // thread frees or writes it meanwhile. Bytes never written are read
        // as whatever the allocator left there, which is what a memory dump
        // would show too.
        let block = unsafe { std::slice::from_raw_parts(addr as *const u8, size) };
        let hit = masked.iter().any(|n| {
            !n.is_empty()
                && block
                    .windows(n.len())
                    .any(|w| w.iter().zip(n).all(|(b, m)| *b == m ^ mask))
        });
        if hit {
            return true;
        }
    }
    false
}
