//! What the end-to-end tests stand on: a virtual X display (Xvfb), a session D-Bus, tauri-driver
//! in front of WebKitWebDriver, the built binaries, and loopback ports.
//!
//! Every process started here runs in its own process group and is killed with it when its
//! handle drops, so a failing test leaves nothing behind.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process (and its whole process group) that is killed on drop.
#[derive(Debug)]
pub struct Spawned {
    child: Child,
    name: &'static str,
}

impl Spawned {
    pub fn start(name: &'static str, command: &mut Command) -> Spawned {
        command.process_group(0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name} ({command:?}): {e}; run .ci/test once to install it"));
        Spawned { child, name }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Panics with the process's name if it already exited.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early: {status}", self.name);
        }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        // A negative pid names the whole group (tauri-driver → WebKitWebDriver → the app, for
        // example). `--` is required: procps `kill` reads `-<n>` before it as a signal, not a group.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-s", "TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-s", "KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

/// A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after).
pub fn free_port() -> u16 {
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).unwrap().local_addr().unwrap().port()
}

/// Polls `check` every 100 ms until it returns `Some` or `timeout` passes.
pub fn wait_for<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The folder cargo put this workspace's binaries in (`target/debug`).
pub fn binaries_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    // target/debug/deps/<test binary> → target/debug
    exe.parent().and_then(Path::parent).expect("test binaries live in target/<profile>/deps").to_owned()
}

/// A built binary of this workspace; panics with the build command when it is missing.
pub fn binary(name: &str) -> PathBuf {
    let path = binaries_dir().join(name);
    assert!(path.exists(), "{} is missing: run `cargo build --workspace --bins` first (.ci/test does)", path.display());
    path
}

/// Where tests save artifacts (screenshots): `tests/artifacts/` in the repository.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&dir).expect("tests/artifacts can be created");
    dir
}

/// Sends `WM_DELETE_WINDOW` to each window id given as an argument (see
/// [`VirtualDisplay::request_close`]). Windows that do not speak WM_PROTOCOLS ignore it.
const WM_DELETE_WINDOW_SCRIPT: &str = r#"
import ctypes, ctypes.util, sys
xlib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XInternAtom.restype = ctypes.c_ulong
xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
xlib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
xlib.XFlush.argtypes = [ctypes.c_void_p]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]
class Event(ctypes.Union):
    _fields_ = [("xclient", ClientMessage), ("pad", ctypes.c_long * 24)]
display = xlib.XOpenDisplay(None)
if not display:
    sys.exit("cannot open the display")
protocols = xlib.XInternAtom(display, b"WM_PROTOCOLS", 0)
delete = xlib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
for window in sys.argv[1:]:
    event = Event()
    event.xclient.type = 33  # ClientMessage
    event.xclient.window = int(window)
    event.xclient.message_type = protocols
    event.xclient.format = 32
    event.xclient.data[0] = delete
    xlib.XSendEvent(display, int(window), 0, 0, ctypes.byref(event))
xlib.XFlush(display)
"#;

/// An X display of its own. Xvfb picks a free display number itself (`-displayfd`) and writes it
/// once it accepts connections, so tests running in parallel never share or race for a display.
#[derive(Debug)]
pub struct VirtualDisplay {
    pub display: String,
    _xvfb: Spawned,
}

impl VirtualDisplay {
    pub fn start() -> VirtualDisplay {
        let mut xvfb = Spawned::start(
            "Xvfb",
            Command::new("Xvfb")
                .args(["-displayfd", "1", "-screen", "0", "1280x860x24", "-nolisten", "tcp"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let stdout = xvfb.child.stdout.take().expect("Xvfb's stdout is piped");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let number = receiver
            .recv_timeout(Duration::from_secs(20))
            .ok()
            .and_then(|line| line.trim().parse::<u32>().ok())
            .unwrap_or_else(|| {
                xvfb.assert_running();
                panic!("Xvfb did not report its display number within 20 s")
            });
        VirtualDisplay { display: format!(":{number}"), _xvfb: xvfb }
    }

    /// Asks every window titled `title` to close, as a window manager's close button does: a
    /// `WM_DELETE_WINDOW` client message (sent with Xlib through Python's ctypes, since Xvfb has no
    /// window manager and xdotool of this Debian has no `windowquit`). Returns how many windows
    /// were asked.
    pub fn request_close(&self, title: &str) -> usize {
        let search = Command::new("xdotool")
            .args(["search", "--name", title])
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool is installed");
        let windows: Vec<String> =
            String::from_utf8_lossy(&search.stdout).split_whitespace().map(str::to_owned).collect();
        if windows.is_empty() {
            return 0;
        }
        let status = Command::new("python3")
            .arg("-c")
            .arg(WM_DELETE_WINDOW_SCRIPT)
            .args(&windows)
            .env("DISPLAY", &self.display)
            .status()
            .expect("python3 is installed");
        assert!(status.success(), "sending WM_DELETE_WINDOW failed");
        windows.len()
    }

    /// A PNG of the whole screen, as a user would see it.
    pub fn screenshot(&self, path: &Path) {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(path)
            .status()
            .expect("ImageMagick's import is installed");
        assert!(status.success(), "import -window root failed");
    }
}

/// tauri-driver (in front of WebKitWebDriver) on its own port, inside its own session D-Bus
/// (`dbus-run-session`), drawing on `display`. Every app it starts inherits `env`.
#[derive(Debug)]
pub struct TauriDriver {
    pub url: String,
    /// Where the address of the session bus is written, when notifications are watched.
    bus_address_file: Option<PathBuf>,
    _process: Spawned,
}

impl TauriDriver {
    pub fn start(display: &VirtualDisplay, env: &[(&str, &str)]) -> TauriDriver {
        TauriDriver::start_watching_notifications(display, env, None)
    }

    /// Like [`TauriDriver::start`], and also records every call and signal on the session bus's
    /// `org.freedesktop.Notifications` interface (a desktop notification being shown) and every
    /// method return (which carries a notification's id) to `notifications_log`, with
    /// `dbus-monitor` on the same bus.
    pub fn start_watching_notifications(
        display: &VirtualDisplay,
        env: &[(&str, &str)],
        notifications_log: Option<&Path>,
    ) -> TauriDriver {
        let port = free_port();
        let native_port = free_port();
        let driver = format!("exec tauri-driver --port {port} --native-port {native_port}");
        let bus_address_file = notifications_log.map(|log| log.with_extension("bus"));
        let script = match (notifications_log, &bus_address_file) {
            (Some(log), Some(bus)) => format!(
                "echo \"$DBUS_SESSION_BUS_ADDRESS\" > '{}'; \
                 dbus-monitor --session \"interface='org.freedesktop.Notifications'\" \"type='method_return'\" > '{}' 2>&1 & {driver}",
                bus.display(),
                log.display()
            ),
            _ => driver,
        };
        let mut command = Command::new("dbus-run-session");
        command
            .args(["--", "sh", "-c", &script])
            .env("DISPLAY", &display.display)
            .env_remove("WAYLAND_DISPLAY")
            // No accessibility bus: its per-display socket is shared state between parallel tests.
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut process = Spawned::start("dbus-run-session tauri-driver", &mut command);
        // Forward the driver's output to the test's, so a failure shows it.
        if let Some(stdout) = process.child.stdout.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    println!("[tauri-driver] {line}");
                }
            });
        }
        let url = format!("http://127.0.0.1:{port}");
        // tauri-driver listens at once but starts WebKitWebDriver behind it; a session asked for
        // before both listen fails.
        for (what, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            wait_for(&format!("{what} to listen"), Duration::from_secs(20), || {
                process.assert_running();
                std::net::TcpStream::connect(("127.0.0.1", port)).ok().map(|_| ())
            });
        }
        TauriDriver { url, bus_address_file, _process: process }
    }

    /// The address of the session bus the app runs on (only when notifications are watched).
    pub fn session_bus_address(&self) -> String {
        let file = self.bus_address_file.as_ref().expect("started with start_watching_notifications");
        wait_for("the session bus address", Duration::from_secs(10), || {
            std::fs::read_to_string(file).ok().map(|text| text.trim().to_owned()).filter(|text| !text.is_empty())
        })
    }
}
