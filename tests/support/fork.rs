//! Running a function in forked children, as a pre-fork server does.

use std::io::Read;
use std::os::fd::FromRawFd;

/// Forks `children` times; each child runs `op` once and sends its result
/// back through a pipe, then exits without running any destructor or
/// `atexit` handler. Returns the children's results, in order.
///
/// # Panics
///
/// If `pipe` or `fork` fails, or a child sends nothing.
#[must_use]
pub fn in_forked_children(children: usize, op: fn() -> String) -> Vec<String> {
    (0..children)
        .map(|_| {
            let mut fds = [0i32; 2];
            // SAFETY: `fds` has room for the two descriptors `pipe` writes.
            assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe");
            let [read_end, write_end] = fds;
            // SAFETY: the child only computes `op`, writes to the pipe and
            // calls `_exit`: it takes no lock another thread may hold, except
            // what `op` takes, which for the code under test is none.
            let pid = unsafe { libc::fork() };
            assert!(pid >= 0, "fork");
            if pid == 0 {
                let out = op();
                // SAFETY: writes `out`'s bytes to the pipe, then ends the
                // child at once.
                unsafe {
                    libc::close(read_end);
                    libc::write(write_end, out.as_ptr().cast(), out.len());
                    libc::_exit(0);
                }
            }
            // SAFETY: the parent owns both descriptors; the read end moves
            // into a `File`, which closes it.
            let mut file = unsafe {
                libc::close(write_end);
                std::fs::File::from_raw_fd(read_end)
            };
            let mut out = String::new();
            file.read_to_string(&mut out)
                .expect("read the child's result");
            let mut status = 0;
            // SAFETY: reaps the child just forked.
            unsafe { libc::waitpid(pid, &mut status, 0) };
            assert!(!out.is_empty(), "the child sent nothing");
            out
        })
        .collect()
}
