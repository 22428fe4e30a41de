package io.jobsgateway.browser.server;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A page only a logged-in user sees ({@code **}: any authenticated user), which connects with
 * jobs-client.js without an API key, joins its client's room and lists what it receives.
 */
@WebServlet("/secure/live")
@ServletSecurity(@HttpConstraint(rolesAllowed = "**"))
public class LoggedInPage extends HttpServlet {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Logged in</title><script src="../jobs-client.js"></script></head>
            <body>
            <p>Logged in as <span id="user"></span>.</p>
            <p id="who" data-state="connecting"></p>
            <ol id="events"></ol>
            <script>
              const who = document.getElementById('who');
              const client = new JobsClient();
              client.on('state', (s) => {
                who.dataset.state = s.state;
                who.dataset.transport = s.transport;
                if (s.code) who.dataset.code = s.code;
              });
              client.on('connected', (c) => { who.dataset.userId = c.userId || ''; who.dataset.clientId = c.clientId; });
              client.on('event', (e) => {
                const li = document.createElement('li');
                li.dataset.jobId = e.jobId;
                li.dataset.seq = e.seq;
                li.textContent = e.jobId + ' #' + e.seq + ' ' + e.type;
                document.getElementById('events').appendChild(li);
              });
              client.subscribe().then((reply) => { who.dataset.room = reply.room; });
            </script>
            </body>
            </html>
            """;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(PAGE.replace("<span id=\"user\"></span>",
                "<span id=\"user\">" + request.getRemoteUser() + "</span>"));
    }
}
