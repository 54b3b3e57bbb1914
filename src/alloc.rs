//! The wasm's global allocator: power-of-two size classes, a free list each,
//! blocks carved from pages `memory.grow` adds and never handed back. One
//! thread (wasm32 without atomics), so no locking. It replaces dlmalloc,
//! ~7 KB of code: the v2 wasm's gzip -9 drops by ~3.2 KB. The price is up to
//! 2x slack per block and no coalescing, which a client whose calls look
//! alike does not feel (bench/memory.mjs: linear memory flat over 100,000 calls).
#![allow(unsafe_code)]
use core::alloc::Layout;

const CLASSES: usize = 32;
const PAGE: usize = 65536;
/// Every block is at least this aligned (and this big): room for the free
/// list's link, and the alignment of anything but over-aligned types.
const MIN: usize = 16;

/// The allocator's state; `grow(pages)` adds pages and answers the address
/// of the first (or `None`), so tests run it over plain memory.
pub struct Heap {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

/// The class of a layout: log2 of the smallest power of two >= size, align and MIN.
fn class(l: Layout) -> Option<usize> {
    let c = l.size().max(l.align()).max(MIN).checked_next_power_of_two()?.trailing_zeros() as usize;
    (c < CLASSES).then_some(c)
}

impl Heap {
    pub const fn new() -> Self {
        Heap { free: [0; CLASSES], next: 0, end: 0 }
    }

    /// Safety: freed blocks must come from `alloc` with the same layout
    /// (`GlobalAlloc`'s contract), as the free list's links live in them.
    pub unsafe fn alloc(&mut self, l: Layout, grow: impl Fn(usize) -> Option<usize>) -> usize {
        let Some(c) = class(l) else { return 0 };
        let size = 1usize << c;
        // A block on a free list is MIN-aligned for sure; over-aligned asks carve.
        if l.align() <= MIN {
            if let Some(head) = self.free.get_mut(c).filter(|h| **h != 0) {
                let block = *head;
                *head = unsafe { *(block as *const usize) };
                return block;
            }
        }
        let align = l.align().max(MIN);
        loop {
            let start = (self.next + align - 1) & !(align - 1);
            if let Some(stop) = start.checked_add(size).filter(|&s| s <= self.end) {
                self.next = stop;
                return start;
            }
            let pages = (size + align).div_ceil(PAGE);
            let Some(base) = grow(pages) else { return 0 };
            if base != self.end {
                // Not after our last page (the first grow): start over there.
                self.next = base;
            }
            self.end = base + pages * PAGE;
        }
    }

    /// Safety: as for `alloc`.
    pub unsafe fn dealloc(&mut self, block: usize, l: Layout) {
        if let Some(head) = class(l).and_then(|c| self.free.get_mut(c)) {
            unsafe { *(block as *mut usize) = *head };
            *head = block;
        }
    }
}

/// The global allocator over `Heap` (wasm only; natively the tests drive `Heap`).
#[cfg(target_arch = "wasm32")]
mod global {
    use super::{class, Heap, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::ptr::null_mut;

    pub struct Classes(UnsafeCell<Heap>);

    // Safety: wasm32 without atomics has one thread.
    unsafe impl Sync for Classes {}

    fn grow(pages: usize) -> Option<usize> {
        let got = core::arch::wasm32::memory_grow(0, pages);
        (got != usize::MAX).then(|| got * PAGE)
    }

    unsafe impl GlobalAlloc for Classes {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            unsafe { (*self.0.get()).alloc(l, grow) as *mut u8 }
        }

        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            unsafe { (*self.0.get()).dealloc(p as usize, l) }
        }

        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            let Ok(nl) = Layout::from_size_align(new, l.align()) else { return null_mut() };
            if class(l) == class(nl) {
                return p; // the block already has room
            }
            let q = unsafe { self.alloc(nl) };
            if !q.is_null() {
                unsafe { core::ptr::copy_nonoverlapping(p, q, l.size().min(new)) };
                unsafe { self.dealloc(p, l) };
            }
            q
        }
    }

    #[global_allocator]
    static ALLOC: Classes = Classes(UnsafeCell::new(Heap::new()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A heap over a plain buffer, grown page by page like wasm memory.
    fn arena(pages: usize) -> (Vec<u8>, Cell<usize>) {
        (vec![0u8; (pages + 1) * PAGE], Cell::new(0))
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_reused() {
        let (buf, used) = arena(64);
        let base = (buf.as_ptr() as usize).next_multiple_of(PAGE);
        let grow = |n: usize| {
            let at = used.get();
            (at + n <= 64).then(|| { used.set(at + n); base + at * PAGE })
        };
        let mut h = Heap::new();
        let mut live: Vec<(usize, Layout)> = Vec::new();
        for (i, size) in [1usize, 15, 16, 17, 100, 4096, 70_000, 3, 64].into_iter().cycle().take(200).enumerate() {
            let align = [1, 8, 16, 64][i % 4];
            let l = Layout::from_size_align(size, align).unwrap(); // ok: test only
            let p = unsafe { h.alloc(l, grow) };
            assert!(p != 0 && p % align == 0 && p % 16 == 0, "{size}/{align} at {p}");
            assert!(p >= base && p + size <= base + 64 * PAGE);
            for &(q, ql) in &live {
                assert!(p + size <= q || q + ql.size() <= p, "overlap");
            }
            live.push((p, l));
            if i % 3 == 0 {
                let (q, ql) = live.remove(i % live.len());
                unsafe { h.dealloc(q, ql) };
                let again = unsafe { h.alloc(ql, grow) };
                if ql.align() <= MIN {
                    assert_eq!(again, q, "a freed block of the class comes back first");
                }
                live.push((again, ql));
            }
        }
    }

    #[test]
    fn out_of_memory_is_null_not_a_panic() {
        let mut h = Heap::new();
        let l = Layout::from_size_align(1 << 20, 8).unwrap(); // ok: test only
        assert_eq!(unsafe { h.alloc(l, |_| None) }, 0);
        let huge = Layout::from_size_align(usize::MAX / 4, 8).unwrap(); // ok: test only
        assert_eq!(unsafe { h.alloc(huge, |_| Some(0)) }, 0);
    }
}
