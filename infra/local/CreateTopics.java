// Creates Cascade's Kafka topics for one namespace; run by infra/local/stack as a single-file program:
//   java -cp <cascade and kafka jars> infra/local/CreateTopics.java <bootstrap> <namespace> <partitions>
import dev.cascade.protocol.topic.Topics;
import dev.cascade.transport.kafka.KafkaSettings;
import dev.cascade.transport.kafka.TopicProvisioner;
import java.util.List;

public class CreateTopics {
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: CreateTopics <bootstrap> <namespace> <partitions>");
            System.exit(2);
        }
        List<String> created = TopicProvisioner.ensure(KafkaSettings.of(args[0], "stack-topics"), new Topics(args[1]),
                Integer.parseInt(args[2]), (short) 1);
        System.out.println("topics of namespace " + args[1] + " ready on " + args[0] + (created.isEmpty() ? ""
                : " (created " + String.join(", ", created) + ")"));
    }
}
