package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cascade.protocol.topic.Channel;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.protocol.window.DeviceId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads infra/aws/cascade-iot.json, resolves its Fn::Sub strings for one account, region and namespace, and checks
 * the IoT policies against the protocol's topic scheme. Not checked here: that CloudFormation accepts it
 * (no AWS endpoint is reachable from tests; run {@code aws cloudformation validate-template} before use).
 */
class CloudFormationTemplateTest {
    private static final String PREFIX = "arn:aws:iot:eu-west-1:123456789012:";
    private static final String THING = "${iot:Connection.Thing.ThingName}";
    private static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper().readTree(Path.of("aws/cascade-iot.json").toFile());
    }

    @Test
    void devicePolicy_letsADevicePublishOnlyUnderItsOwnIdOnItsMqttChannels() {
        Map<String, List<String>> p = policy("DevicePolicy");
        Topics topics = Topics.DEFAULT;
        DeviceId me = DeviceId.of("press-07");

        assertThat(p.get("iot:Publish")).containsExactlyInAnyOrder(
                PREFIX + "topic/" + topics.mqtt(Channel.ESCALATIONS, me).replace("press-07", THING),
                PREFIX + "topic/" + topics.mqtt(Channel.ESCALATION_BATCHES, me).replace("press-07", THING),
                PREFIX + "topic/" + topics.mqtt(Channel.ACKS, me).replace("press-07", THING));
        assertThat(p.get("iot:Subscribe")).containsExactly(
                PREFIX + "topicfilter/" + topics.mqtt(Channel.COMMANDS, me).replace("press-07", THING));
        assertThat(p.get("iot:Receive")).containsExactly(
                PREFIX + "topic/" + topics.mqtt(Channel.COMMANDS, me).replace("press-07", THING));
        assertThat(p.get("iot:Connect")).containsExactly(PREFIX + "client/" + THING);
        assertThat(p.values().stream().flatMap(List::stream)).noneMatch(r -> r.contains("*") || r.contains("+"));
    }

    @Test
    void devicePolicy_topicsParseBackToTheThingAndItsChannel() {
        for (String resource : policy("DevicePolicy").get("iot:Publish")) {
            String topic = resource.substring((PREFIX + "topic/").length()).replace(THING, "press-07");

            assertThat(Topics.DEFAULT.parseMqtt(topic)).as(topic).hasValueSatisfying(route -> {
                assertThat(route.device()).isEqualTo(DeviceId.of("press-07"));
                assertThat(route.channel().onMqtt()).isTrue();
            });
        }
    }

    @Test
    void devicePolicy_connectsOnlyThingsWithTheCertificateAttached() {
        JsonNode connect = statements("DevicePolicy").stream()
                .filter(s -> s.path("Action").asText().equals("iot:Connect")).findFirst().orElseThrow();

        assertThat(connect.path("Condition").path("Bool").path("iot:Connection.Thing.IsAttached").asText()).isEqualTo("true");
    }

    @Test
    void commandBridgePolicy_publishesCommandsAndReadsAcksOfEveryDevice() {
        Map<String, List<String>> p = policy("CommandBridgePolicy");

        assertThat(p.get("iot:Publish")).containsExactly(PREFIX + "topic/cascade/v1/*/commands");
        assertThat(p.get("iot:Subscribe")).containsExactlyInAnyOrder(
                PREFIX + "topicfilter/" + Topics.DEFAULT.mqttFilter(Channel.ACKS),
                PREFIX + "topicfilter/" + Topics.DEFAULT.mqttShared("actuators", Channel.ACKS));
    }

    @Test
    void rule_forwardsEscalationsToTheirKafkaTopicKeyedByDevice() {
        JsonNode rule = template.at("/Resources/EscalationsToKafka/Properties/TopicRulePayload");
        JsonNode kafka = rule.at("/Actions/0/Kafka");

        assertThat(resolve(rule.get("Sql"))).isEqualTo("SELECT * FROM '" + Topics.DEFAULT.mqttFilter(Channel.ESCALATIONS) + "'");
        assertThat(resolve(kafka.get("Topic"))).isEqualTo(Topics.DEFAULT.kafka(Channel.ESCALATIONS));
        assertThat(kafka.get("Key").asText()).isEqualTo("${topic(3)}");
        assertThat(resolve(kafka.at("/ClientProperties/sasl.scram.password")))
                .isEqualTo("${get_secret('arn:secret', 'SecretString', 'password', 'arn:role')}");
        assertThat(kafka.at("/DestinationArn/Fn::GetAtt/0").asText()).isEqualTo("KafkaDestination");
    }

    @Test
    void everyRefAndGetAtt_namesAParameterOrResourceOfTheTemplate() {
        List<String> names = new ArrayList<>();
        collectRefs(template.get("Resources"), names);
        collectRefs(template.get("Outputs"), names);

        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(template.at("/Parameters/" + n).isMissingNode()
                && template.at("/Resources/" + n).isMissingNode()).as(n).isFalse());
    }

    // ---- reading the template

    private static List<JsonNode> statements(String policy) {
        List<JsonNode> out = new ArrayList<>();
        template.at("/Resources/" + policy + "/Properties/PolicyDocument/Statement").forEach(out::add);
        return out;
    }

    /** Action to resolved resource ARNs, for Allow statements. */
    private static Map<String, List<String>> policy(String name) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (JsonNode s : statements(name)) {
            assertThat(s.path("Effect").asText()).isEqualTo("Allow");
            List<String> resources = out.computeIfAbsent(s.path("Action").asText(), k -> new ArrayList<>());
            JsonNode r = s.get("Resource");
            if (r.isArray()) {
                r.forEach(x -> resources.add(resolve(x)));
            } else {
                resources.add(resolve(r));
            }
        }
        return out;
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{(!?)([^}]+)}");

    /** A string or Fn::Sub resolved for eu-west-1, account 123456789012, namespace cascade. */
    static String resolve(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        String s = n.get("Fn::Sub").asText();
        Map<String, String> vars = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012",
                "Namespace", "cascade", "MskScramSecretArn", "arn:secret", "RuleRole.Arn", "arn:role");
        Matcher m = VAR.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("!") ? "${" + m.group(2) + "}" : vars.get(m.group(2));
            assertThat(value).as("Fn::Sub variable " + m.group(2) + " in " + s).isNotNull();
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        // ${!x} escapes may sit inside another literal: resolve the inner variables the first pass left alone.
        String once = b.toString();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            once = once.replace("${" + v.getKey() + "}", v.getValue());
        }
        return once;
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("Ref")) {
                out.add(n.get("Ref").asText());
            }
            if (n.has("Fn::GetAtt")) {
                out.add(n.get("Fn::GetAtt").get(0).asText());
            }
            n.forEach(c -> collectRefs(c, out));
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }
}
