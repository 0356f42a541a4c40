"""Content pools for ``bench/recall.py``: snippets, lead-ins and misspellings to inject.

Written for this bench, not taken from anyone's notes: JSON and YAML snippets as study notes hold
them, each with the lead-in sentence that introduces it; valid CloudFormation snippets with short
tags (the control); lead-ins ending with ":"; common misspellings; misspelled and wrongly cased
product names. ``bench/recall.py`` breaks the snippets itself and checks that each broken one
really fails to parse and that each control really loads.
"""

from __future__ import annotations

# (lead-in, valid JSON): unfenced, or broken by the bench
JSON: list[tuple[str, str]] = [
 ("Bucket policy that makes the objects publicly readable:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "PublicReadGetObject",
      "Effect": "Allow",
      "Principal": "*",
      "Action": ["s3:GetObject"],
      "Resource": ["arn:aws:s3:::my-website-bucket/*"]
    }
  ]
}'''),
 ("Trust policy that lets EC2 assume the role:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Service": "ec2.amazonaws.com"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}'''),
 ("Users can only read the items whose partition key is their own user id:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:Query"],
      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/GameScores",
      "Condition": {
        "ForAllValues:StringEquals": {
          "dynamodb:LeadingKeys": ["${www.amazon.com:user_id}"]
        }
      }
    }
  ]
}'''),
 ("Deny any request to the bucket that is not sent over HTTPS:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::examplebucket",
        "arn:aws:s3:::examplebucket/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}'''),
 ("Queue policy so that the SNS topic can send messages to the SQS queue:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "sns.amazonaws.com"},
      "Action": "sqs:SendMessage",
      "Resource": "arn:aws:sqs:us-east-1:123456789012:orders-queue",
      "Condition": {
        "ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:orders-topic"}
      }
    }
  ]
}'''),
 ("A Lambda proxy integration must return a response in this format:", '''{
  "isBase64Encoded": false,
  "statusCode": 200,
  "headers": {
    "Content-Type": "application/json"
  },
  "body": "{\\"message\\": \\"hello world\\"}"
}'''),
 ("EventBridge rule pattern that matches EC2 instances going into the stopped state:", '''{
  "source": ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  "detail": {
    "state": ["stopped", "terminated"]
  }
}'''),
 ("Key policy statement that allows the admin role to manage the CMK:", '''{
  "Sid": "Allow access for Key Administrators",
  "Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:role/KMSAdmin"},
  "Action": [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:Disable*",
    "kms:ScheduleKeyDeletion"
  ],
  "Resource": "*"
}'''),
 ("SCP that stops member accounts from leaving the organization:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "organizations:LeaveOrganization",
      "Resource": "*"
    }
  ]
}'''),
 ("Lifecycle rule that moves objects to Glacier after 90 days:", '''{
  "Rules": [
    {
      "ID": "archive-logs",
      "Filter": {"Prefix": "logs/"},
      "Status": "Enabled",
      "Transitions": [
        {"Days": 90, "StorageClass": "GLACIER"}
      ],
      "Expiration": {"Days": 365}
    }
  ]
}'''),
 ("Event that S3 sends to the Lambda function when an object is uploaded:", '''{
  "Records": [
    {
      "eventSource": "aws:s3",
      "awsRegion": "us-east-1",
      "eventName": "ObjectCreated:Put",
      "s3": {
        "bucket": {"name": "uploads-bucket"},
        "object": {"key": "images/cat.jpg", "size": 1024}
      }
    }
  ]
}'''),
 ("Policy that lets an IAM user manage only their own access keys:", '''{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:ListAccessKeys"
      ],
      "Resource": "arn:aws:iam::*:user/${aws:username}"
    }
  ]
}'''),
 ("Docker daemon config (/etc/docker/daemon.json) to rotate the container logs:", '''{
  "log-driver": "json-file",
  "log-opts": {
    "max-size": "10m",
    "max-file": "3"
  },
  "insecure-registries": ["registry.local:5000"]
}'''),
 ("Part of the output of docker inspect for a running container:", '''{
  "Id": "4fa6e0f0c678",
  "State": {
    "Status": "running",
    "Running": true,
    "Pid": 2374
  },
  "HostConfig": {
    "NetworkMode": "bridge",
    "RestartPolicy": {"Name": "always", "MaximumRetryCount": 0}
  }
}'''),
 ("kubectl get pod nginx -o json returns (trimmed):", '''{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "name": "nginx",
    "namespace": "default",
    "labels": {"app": "nginx"}
  },
  "spec": {
    "containers": [
      {"name": "nginx", "image": "nginx:1.21", "ports": [{"containerPort": 80}]}
    ]
  }
}'''),
 ("The patch that scales the deployment to 3 replicas:", '''{
  "spec": {
    "replicas": 3,
    "template": {
      "metadata": {
        "labels": {"app": "web"}
      }
    }
  }
}'''),
 ("A docker config.json used for an imagePullSecret:", '''{
  "auths": {
    "registry.example.com": {
      "username": "deploy",
      "password": "s3cr3t",
      "auth": "ZGVwbG95OnMzY3IzdA=="
    }
  }
}'''),
 ("terraform output -json prints the outputs as:", '''{
  "instance_ip": {
    "sensitive": false,
    "type": "string",
    "value": "54.12.33.101"
  },
  "bucket_name": {
    "sensitive": false,
    "type": "string",
    "value": "tf-state-demo"
  }
}'''),
 ("Variables can also be given in a terraform.tfvars.json file:", '''{
  "region": "eu-west-1",
  "instance_type": "t3.micro",
  "tags": {
    "Environment": "dev",
    "Owner": "platform-team"
  },
  "allowed_cidrs": ["10.0.0.0/16", "192.168.1.0/24"]
}'''),
 ("Dynamic inventory scripts print the inventory as JSON:", '''{
  "webservers": {
    "hosts": ["192.168.33.10", "192.168.33.11"],
    "vars": {
      "ansible_user": "vagrant",
      "http_port": 80
    }
  },
  "_meta": {
    "hostvars": {}
  }
}'''),
 ("json.dumps(person, indent=2) gives:", '''{
  "name": "Alice",
  "age": 30,
  "languages": ["Python", "JavaScript"],
  "address": {
    "city": "Sydney",
    "postcode": "2000"
  },
  "active": true
}'''),
 ("The config file that the script loads with json.load():", '''{
  "database": {
    "host": "localhost",
    "port": 5432,
    "user": "admin"
  },
  "debug": false,
  "log_level": "INFO"
}'''),
]

# (lead-in, valid YAML): broken by the bench
YAML: list[tuple[str, str]] = [
 ("A simple pod manifest:", '''apiVersion: v1
kind: Pod
metadata:
  name: nginx-pod
  labels:
    app: nginx
spec:
  containers:
    - name: nginx
      image: nginx:1.21
      ports:
        - containerPort: 80'''),
 ("Deployment with 3 replicas:", '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-deployment
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: "httpd:2.4"
          resources:
            limits:
              memory: "128Mi"
              cpu: "500m"'''),
 ("Service of type NodePort that exposes the pods:", '''apiVersion: v1
kind: Service
metadata:
  name: web-service
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 30080'''),
 ("ConfigMap holding the app settings:", '''apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: default
data:
  LOG_LEVEL: "debug"
  DB_HOST: "mysql.default.svc.cluster.local"
  app.properties: |
    cache.enabled=true
    cache.ttl=300'''),
 ("Playbook that installs and starts nginx:", '''- hosts: webservers
  become: yes
  vars:
    http_port: 80
  tasks:
    - name: install nginx
      apt:
        name: nginx
        state: present
        update_cache: yes
    - name: start nginx
      service:
        name: nginx
        state: started'''),
 ("The inventory can also be written in YAML:", '''all:
  children:
    web:
      hosts:
        192.168.33.10:
          ansible_user: vagrant
    db:
      hosts:
        192.168.33.20:
          ansible_python_interpreter: "/usr/bin/python3"'''),
 ("docker-compose.yml for the app and its database:", '''version: "3.8"
services:
  web:
    build: .
    ports:
      - "5000:5000"
    depends_on:
      - redis
    environment:
      FLASK_ENV: development
  redis:
    image: "redis:alpine"'''),
 ("buildspec.yml used by CodeBuild:", '''version: 0.2
phases:
  install:
    runtime-versions:
      nodejs: 14
  build:
    commands:
      - npm ci
      - npm run build
artifacts:
  files:
    - "**/*"
  base-directory: dist'''),
 ("Template for an S3 bucket with versioning:", '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BucketName:
    Type: String
Resources:
  MyBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref BucketName
      VersioningConfiguration:
        Status: Enabled
Outputs:
  BucketArn:
    Value: !GetAtt MyBucket.Arn'''),
 ("EC2 instance with a security group in CloudFormation:", '''Resources:
  WebSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Allow HTTP
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          CidrIp: 0.0.0.0/0
  WebServer:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: t2.micro
      SecurityGroups:
        - !Ref WebSecurityGroup'''),
 ("SAM function triggered by an API Gateway event:", '''Transform: AWS::Serverless-2016-10-31
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.9
      Events:
        HelloApi:
          Type: Api
          Properties:
            Path: /hello
            Method: get'''),
 ("GitHub Actions workflow that runs terraform plan:", '''name: terraform
on:
  pull_request:
    branches: [main]
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - uses: hashicorp/setup-terraform@v2
      - run: terraform init
      - run: terraform plan -no-color'''),
 ("The same data as YAML (yaml.safe_load gives back the dict):", '''name: Alice
age: 30
languages:
  - Python
  - JavaScript
address:
  city: Sydney
  postcode: "2000"'''),
]

# (lead-in, valid CloudFormation YAML with short tags): the control, injected as is
CFN_VALID: list[tuple[str, str]] = [
 ("Outputs of the stack:", '''Outputs:
  LoadBalancerDNS:
    Description: DNS name of the ALB
    Value: !GetAtt ApplicationLoadBalancer.DNSName
    Export:
      Name: !Sub "${AWS::StackName}-alb-dns"'''),
 ("Conditions let you create a resource only in prod:", '''Conditions:
  IsProd: !Equals [!Ref EnvType, prod]
Resources:
  ProdVolume:
    Type: AWS::EC2::Volume
    Condition: IsProd
    Properties:
      Size: 100
      AvailabilityZone: !GetAtt WebServer.AvailabilityZone'''),
 ("Mappings pick the AMI for the region:", '''Mappings:
  RegionMap:
    us-east-1:
      AMI: ami-0ff8a91507f77f867
    eu-west-1:
      AMI: ami-047bb4163c506cd98
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [RegionMap, !Ref "AWS::Region", AMI]'''),
 ("The bucket policy resource refers to the bucket with !Ref and !Sub:", '''BucketPolicy:
  Type: AWS::S3::BucketPolicy
  Properties:
    Bucket: !Ref WebsiteBucket
    PolicyDocument:
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: !Sub "arn:aws:s3:::${WebsiteBucket}/*"'''),
 ("Join builds a string out of a list:", '''Outputs:
  WebsiteURL:
    Value: !Join
      - ""
      - - "http://"
        - !GetAtt WebServer.PublicDnsName'''),
 ("UserData has to be base64 encoded:", '''WebServer:
  Type: AWS::EC2::Instance
  Properties:
    InstanceType: !Ref InstanceType
    UserData:
      Fn::Base64: !Sub |
        #!/bin/bash
        yum install -y httpd
        systemctl start httpd'''),
 ("If picks a value based on a condition:", '''Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceClass: !If [IsProd, db.m5.large, db.t3.micro]
      MultiAZ: !If [IsProd, true, false]
      Engine: mysql
      MasterUsername: !Ref DBUser
      MasterUserPassword: !Ref DBPassword'''),
 ("Select returns one item of a list, here the first AZ:", '''PublicSubnet:
  Type: AWS::EC2::Subnet
  Properties:
    VpcId: !Ref VPC
    CidrBlock: 10.0.1.0/24
    AvailabilityZone: !Select [0, !GetAZs ""]
    MapPublicIpOnLaunch: true'''),
 ("ImportValue reads an output exported by another stack:", '''Resources:
  AppInstance:
    Type: AWS::EC2::Instance
    Properties:
      SubnetId: !ImportValue network-stack-PublicSubnetId
      SecurityGroupIds:
        - !ImportValue network-stack-AppSG'''),
 ("Parameters with a type that is checked by CloudFormation:", '''Parameters:
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
    Description: Name of an existing key pair
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2'''),
 ("Lambda function with its role:", '''LambdaFunction:
  Type: AWS::Lambda::Function
  Properties:
    Runtime: python3.9
    Handler: index.handler
    Role: !GetAtt LambdaExecutionRole.Arn
    Code:
      S3Bucket: !Ref CodeBucket
      S3Key: !Sub "${AppName}/lambda.zip"'''),
 ("Split and Select together take a part of an ARN:", '''Outputs:
  QueueName:
    Value: !Select [5, !Split [":", !GetAtt OrdersQueue.Arn]]
  QueueUrl:
    Value: !Ref OrdersQueue'''),
]

# lead-ins ending with ":" whose code block is lost
LEADINS: list[str] = [
    'The policy looks like the following example:',
    'Run the following command:',
    'To create the role from the CLI, use the following command:',
    'The trust policy of the role is as follows:',
    'The response looks like this:',
    'Example bucket policy:',
    'The template below creates the stack:',
    'Use the following AWS CLI command to copy the files:',
    'The Dockerfile looks like this:',
    'Example docker-compose file:',
    'The output looks like the following:',
    'Apply the following manifest:',
    'The output looks like the following example:',
    'An example of a pod definition file:',
    'Here is an example playbook:',
    'The inventory file looks like this:',
    'The configuration looks like the following example:',
    'The state file looks like this:',
    'Example of a module block:',
    'The output is as follows:',
    'For example:',
    'Consider the following code:',
]

# lead-ins over an empty code block
EMPTY_LEADINS: list[str] = [
    'Run the following command:',
    'The policy looks like this:',
    'Install the CLI:',
    'Example:',
    'Build the image:',
    'Apply the manifest:',
    'Check the pods:',
    'Run the playbook:',
    'Example playbook:',
    'Initialise the working directory:',
    'For example:',
    'Output:',
]

# (correct, misspelled): common real-world slips, codespell-style and not
CURATED: list[tuple[str, str]] = [
 ("receive", "recieve"), ("accessed", "accesed"), ("availability", "availabilty"),
 ("separate", "seperate"), ("occurred", "occured"), ("environment", "enviroment"),
 ("dependency", "dependancy"), ("necessary", "neccessary"), ("different", "diffrent"),
 ("persistent", "persistant"), ("independent", "independant"), ("retrieve", "retreive"),
 ("maintenance", "maintainance"), ("encryption", "encrytion"), ("existing", "exisiting"),
 ("configuration", "configuation"), ("because", "becuase"), ("which", "wich"),
 ("address", "adress"), ("resource", "resouce"), ("across", "accross"), ("until", "untill"),
 ("application", "appliction"), ("instance", "instnace"), ("available", "avaliable"),
 ("automatically", "automaticaly"), ("successful", "succesful"), ("multiple", "mutliple"),
 ("request", "reqeust"), ("default", "defualt"), ("following", "folowing"),
 ("container", "contianer"), ("command", "comand"), ("specific", "specfic"),
]

# (correct, misspelled) product names
NAMES: list[tuple[str, str]] = [
 ("DynamoDB", "DyanamoDB"), ("CloudWatch", "ClouWatch"), ("Kubernetes", "Kubernets"),
 ("Terraform", "Terrafrom"), ("Virginia", "Vergina"), ("CloudFront", "CloudFornt"),
 ("Lambda", "Lamdba"), ("Redshift", "Redshit"), ("CloudFormation", "CloudFromation"),
 ("Kinesis", "Kinesys"), ("Beanstalk", "Beanstalck"), ("Ansible", "Ansbile"),
 ("Docker", "Dokcer"), ("Python", "Pyhton"), ("Aurora", "Auroa"), ("Route53", "Rout53"),
 ("ElastiCache", "ElastiCahce"), ("Cognito", "Congito"), ("Glacier", "Galcier"),
 ("Kubectl", "Kubctl"), ("Jenkins", "Jenkis"), ("Laravel", "Laravle"),
]

# (correct, wrongly cased) product names
CASES: list[tuple[str, str]] = [
 ("CloudWatch", "Cloudwatch"), ("DynamoDB", "Dynamodb"), ("CloudFront", "Cloudfront"),
 ("CloudFormation", "Cloudformation"), ("GitHub", "Github"), ("JavaScript", "Javascript"),
 ("ElastiCache", "Elasticache"), ("PostgreSQL", "Postgresql"), ("CloudTrail", "Cloudtrail"),
 ("DockerHub", "Dockerhub"), ("YAML", "Yaml"),
]
