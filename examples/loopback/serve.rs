//! A tiny_http server on its own thread, bounded in time.

use std::net::SocketAddr;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tiny_http::{Request, Server};

use super::BoxError;

/// The longest any server here runs. The whole demo takes well under a
/// second; this only bounds a server whose owner never stops it.
const MAX_LIFETIME: Duration = Duration::from_secs(60);

/// How often a server looks at its stop flag between requests.
const POLL: Duration = Duration::from_millis(20);

/// A server on `127.0.0.1`, on a port the OS picks, that runs until it is
/// dropped, until its handler breaks, or for [`MAX_LIFETIME`].
pub struct Serving {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Serving {
    /// Starts serving every request with `handle`.
    pub fn start(
        mut handle: impl FnMut(Request) -> ControlFlow<()> + Send + 'static,
    ) -> Result<Self, BoxError> {
        let server = Server::http("127.0.0.1:0")?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or("tiny_http did not listen on an IP address")?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = thread::spawn({
            let stop = Arc::clone(&stop);
            move || {
                let deadline = Instant::now() + MAX_LIFETIME;
                while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                    match server.recv_timeout(POLL) {
                        Ok(Some(request)) => {
                            if handle(request).is_break() {
                                break;
                            }
                        }
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
            }
        });
        Ok(Self {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // A panic on that thread has been printed already, and the side
            // that talked to it has seen a failed step.
            let _ = thread.join();
        }
    }
}
