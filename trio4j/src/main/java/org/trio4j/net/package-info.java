/**
 * TCP networking on trio4j: {@link org.trio4j.net.SocketStream}, {@link
 * org.trio4j.net.SocketListener}, and {@link org.trio4j.net.Net} to connect, listen and serve
 * (Trio's {@code _highlevel_socket.py}, {@code _highlevel_open_tcp_*.py} and {@code
 * _highlevel_serve_listeners.py}).
 *
 * <p>Everything here is built on the public low-level API ({@link
 * org.trio4j.lowlevel.Lowlevel#waitReadable}, {@link org.trio4j.lowlevel.Lowlevel#waitWritable},
 * {@link org.trio4j.lowlevel.Lowlevel#notifyClosing}) over non-blocking channels: tasks never block
 * inside a JDK socket call, so cancelling one never closes its socket (DESIGN rule 13).
 */
package org.trio4j.net;
