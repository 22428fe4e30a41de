package io.jobsgateway.it;

import java.net.URL;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class against one Arquillian deployment, seen from outside: each test gets a
 * {@link Gateway} at the deployment's URL, and every socket it opened is closed after it.
 */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedGatewayTest {

    @ArquillianResource
    private URL base;

    protected Gateway gateway;

    @BeforeEach
    void openGateway() {
        gateway = new Gateway(base);
    }

    @AfterEach
    void closeSockets() {
        gateway.close();
    }

    /** The deployment's URL, ending with its context root. */
    protected URL base() {
        return base;
    }
}
