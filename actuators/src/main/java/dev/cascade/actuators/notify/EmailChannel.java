package dev.cascade.actuators.notify;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** Sends each notification as a plain-text e-mail over SMTP (Jakarta Mail); a refused address is fatal, the rest retriable. */
public final class EmailChannel implements NotificationChannel {
    private final String name;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress[] to;

    /**
     * @param settings the SMTP server and addresses
     */
    public EmailChannel(String name, EmailSettings settings) {
        this.name = name;
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", String.valueOf(settings.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(settings.timeout().toMillis()));
        p.put("mail.smtp.timeout", String.valueOf(settings.timeout().toMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(settings.timeout().toMillis()));
        p.put("mail.smtp.starttls.enable", String.valueOf(settings.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(settings.startTls()));
        Optional<String> user = settings.username();
        Authenticator auth = null;
        if (user.isPresent()) {
            p.put("mail.smtp.auth", "true");
            String password = settings.password().orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user.get(), password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
        try {
            this.from = new InternetAddress(settings.from(), true);
            this.to = new InternetAddress[settings.to().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(settings.to().get(i), true);
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("from and to must be e-mail addresses, was " + settings.from() + ", "
                    + settings.to() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification n) throws DeliveryFailure {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipients(Message.RecipientType.TO, to);
            m.setSubject(String.format("[cascade %s] %s %s %s", n.alarm().severity().displayName(), n.alarm().deviceId(),
                    n.alarm().cause(), n.event().displayName()), "UTF-8");
            m.setSentDate(Date.from(n.createdAt()));
            m.setHeader("X-Cascade-Alarm-Id", n.alarm().alarmId());
            m.setText(n.text() + "\n\nalarm " + n.alarm().alarmId() + ", status " + n.alarm().status().displayName()
                    + ", first raised " + n.alarm().firstRaisedAt() + "\n", "UTF-8");
            Transport.send(m);
        } catch (SendFailedException e) {
            throw new DeliveryFailure("SMTP refused the message: " + e.getMessage(), false, e);
        } catch (MessagingException e) {
            throw new DeliveryFailure("SMTP delivery failed: " + e, true, e);
        }
    }

    /**
     * How to reach the SMTP server and whom to write to.
     *
     * @param host SMTP host
     * @param port SMTP port
     * @param startTls require STARTTLS
     * @param username login, if the server wants one
     * @param password its password
     * @param from the sender address
     * @param to the recipients
     * @param timeout connect, read and write timeout
     */
    public record EmailSettings(String host, int port, boolean startTls, Optional<String> username,
                                Optional<String> password, String from, List<String> to, Duration timeout) {
        public EmailSettings {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank, was " + host);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
            }
            to = List.copyOf(to == null ? List.of() : to);
            if (to.isEmpty()) {
                throw new IllegalArgumentException("to must name at least one address, was []");
            }
            if (username == null || password == null || from == null || timeout == null) {
                throw new IllegalArgumentException("username, password, from and timeout must not be null");
            }
        }

        @Override
        public String toString() {
            return "EmailSettings[host=" + host + ", port=" + port + ", startTls=" + startTls + ", username=" + username
                    + ", from=" + from + ", to=" + to + "]";
        }
    }
}
