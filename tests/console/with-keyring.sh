#!/bin/sh
# Runs a test with a real, throwaway OS keychain: an unlocked gnome-keyring serving the
# Secret Service on the (private) D-Bus session this script is started in, e.g.
#   dbus-run-session -- sh with-keyring.sh ./tst_console_session
# HOME and the XDG directories point into a temporary folder, so the person's own keyring
# is never read or touched, and the folder is deleted afterwards. The keyring daemon ends
# with the D-Bus session (dbus-run-session stops the bus when this script exits).
set -eu

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    echo "with-keyring.sh: no D-Bus session; run me under dbus-run-session" >&2
    exit 1
fi
command -v gnome-keyring-daemon >/dev/null || {
    echo "with-keyring.sh: gnome-keyring-daemon is missing (installers/debian-packages.txt has it)" >&2
    exit 1
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/enclii-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
export HOME="$scratch/home"
export XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# qtkeychain picks its backend from the desktop; "other" means libsecret, i.e. the Secret Service.
unset XDG_CURRENT_DESKTOP DESKTOP_SESSION KDE_FULL_SESSION GNOME_DESKTOP_SESSION_ID

# --unlock reads the password from stdin and creates the login keyring with it; the
# password is thrown away with the folder. Its stderr goes to a log so the daemon holds
# no pipe of ctest's open.
password="enclii-test-$$-$(date +%s)"
printed=$(printf '%s' "$password" | gnome-keyring-daemon --unlock --components=secrets 2>"$scratch/keyring.log") || {
    echo "with-keyring.sh: gnome-keyring-daemon failed:" >&2
    cat "$scratch/keyring.log" >&2
    exit 1
}
# Whatever it prints is NAME=value lines (GNOME_KEYRING_CONTROL and the like): export them.
for assignment in $printed; do
    case "$assignment" in
        *=*) export "$assignment" ;;
    esac
done

# Wait until the Secret Service is on the bus.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
        string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    tries=$((tries + 1))
    if [ "$tries" -gt 50 ]; then
        echo "with-keyring.sh: the Secret Service did not appear on the session bus" >&2
        cat "$scratch/keyring.log" >&2
        exit 1
    fi
    sleep 0.1
done

# Not exec: the trap must still delete the scratch folder when the test is done.
status=0
"$@" || status=$?
exit "$status"
