//! An axum router served on `127.0.0.1`, on a port the OS picks, from its
//! own thread and tokio runtime, so that blocking code (the demos, the
//! tests, a `ureq` client) can start and stop it like any value.

use std::future::IntoFuture;
use std::net::{SocketAddr, TcpListener};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;

/// Any failure of the plumbing.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How long a stopping server waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(2);

/// A running server, stopped when dropped.
pub struct Serving {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Serving {
    /// Binds `127.0.0.1:0` and serves `router` there on two worker threads.
    pub fn start(router: Router) -> Result<Self, BoxError> {
        Self::start_on("127.0.0.1:0", router)
    }

    /// Binds `addr` and serves `router` there.
    pub fn start_on(addr: &str, router: Router) -> Result<Self, BoxError> {
        // Bound here, on the caller's thread, so that the address is known
        // and a failure to bind is the caller's error.
        Self::start_with(TcpListener::bind(addr)?, router)
    }

    /// Serves `router` on a listener the caller bound.
    pub fn start_with(listener: TcpListener, router: Router) -> Result<Self, BoxError> {
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .enable_time()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let (stopping, stop_requested) = oneshot::channel::<()>();
                let server = axum::serve(listener, router).with_graceful_shutdown(async move {
                    // A sent stop or a dropped sender: either way, stop.
                    let _ = stopped.await;
                    let _ = stopping.send(());
                });
                let server = tokio::spawn(server.into_future());
                let _ = stop_requested.await;
                // Requests in flight get `DRAIN` to finish; an idle
                // keep-alive connection does not hold the stop up.
                let _ = tokio::time::timeout(DRAIN, server).await;
            });
            // Connections still open after the stop are cut here.
            runtime.shutdown_timeout(DRAIN);
        });
        Ok(Self {
            addr,
            stop: Some(stop),
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
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            // A panic on that thread has been printed already, and the side
            // that talked to it has seen a failed step.
            let _ = thread.join();
        }
    }
}
