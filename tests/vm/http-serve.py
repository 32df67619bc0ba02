#!/usr/bin/python3
"""http-serve DIR PORT_FILE LOG SECONDS: serve DIR over HTTP on 127.0.0.1 only
(QEMU's user network reaches it as 10.0.2.2), on a free port written to
PORT_FILE once listening; each request is logged to LOG. Stops by itself
after SECONDS, so that no server outlives a test that was killed."""
import functools
import http.server
import os
import sys
import threading


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        with open(self.server.log_path, "a") as log:
            log.write("%s\n" % (format % args))

    def copyfile(self, source, outputfile):
        # A client may stop reading mid-file (memdisk.efi refusing an image
        # it is being sent): logged, not a traceback.
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            self.log_message("client closed %s early", self.path)


def main():
    root, port_file, log_path, seconds = sys.argv[1:5]
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.log_path = log_path
    threading.Timer(float(seconds), server.shutdown).start()
    tmp = port_file + ".tmp"
    with open(tmp, "w") as out:
        out.write("%d\n" % server.server_address[1])
    os.rename(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
